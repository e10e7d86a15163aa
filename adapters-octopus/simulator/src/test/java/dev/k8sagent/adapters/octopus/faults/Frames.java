package dev.k8sagent.adapters.octopus.faults;

import dev.k8sagent.adapters.octopus.halibut.bson.NetGuid;
import dev.k8sagent.adapters.octopus.halibut.message.DataStreamRef;
import dev.k8sagent.adapters.octopus.halibut.message.Envelope;
import dev.k8sagent.adapters.octopus.halibut.message.RequestMessage;
import dev.k8sagent.adapters.octopus.halibut.wire.DataStreamFrame;
import dev.k8sagent.adapters.octopus.halibut.wire.MessageDeflater;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Optional;

/** Server-side wire bytes built by hand, so a test can make them lie. */
final class Frames {
  private final ByteArrayOutputStream wire = new ByteArrayOutputStream();

  static Frames start() {
    return new Frames();
  }

  /** A request message: {@code service.method(params)}. */
  Frames request(String service, String method, List<Object> params) {
    RequestMessage request =
        new RequestMessage(
            service + "::" + method + "Async[1] / " + NetGuid.random(),
            NetGuid.random(),
            service,
            method,
            params);
    wire.writeBytes(MessageDeflater.deflate(Envelope.request(Optional.of(request))));
    return this;
  }

  /** An UploadFile request referring to {@code refs} (the first is the file's stream). */
  Frames upload(String path, DataStreamRef... refs) {
    List<Object> params = new java.util.ArrayList<>();
    params.add(path);
    for (DataStreamRef ref : refs) {
      params.add(ref.toTypedBson());
    }
    return request("IFileTransferService", "UploadFile", params);
  }

  /** A data stream frame: header with {@code length}, that many bytes, trailer. */
  Frames stream(NetGuid id, long length, byte fill) {
    wire.writeBytes(DataStreamFrame.header(id, length));
    byte[] block = new byte[(int) Math.min(length, 64 * 1024)];
    java.util.Arrays.fill(block, fill);
    for (long written = 0; written < length; written += block.length) {
      wire.write(block, 0, (int) Math.min(block.length, length - written));
    }
    wire.writeBytes(DataStreamFrame.trailer(length));
    return this;
  }

  Frames raw(byte[] bytes) {
    wire.writeBytes(bytes);
    return this;
  }

  byte[] bytes() {
    return wire.toByteArray();
  }
}
