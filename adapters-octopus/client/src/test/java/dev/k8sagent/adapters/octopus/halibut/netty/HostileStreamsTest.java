package dev.k8sagent.adapters.octopus.halibut.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.k8sagent.adapters.octopus.halibut.bson.BsonReader;
import dev.k8sagent.adapters.octopus.halibut.bson.BsonWriter;
import dev.k8sagent.adapters.octopus.halibut.bson.NetGuid;
import dev.k8sagent.adapters.octopus.halibut.message.DataStreamRef;
import dev.k8sagent.adapters.octopus.halibut.message.Envelope;
import dev.k8sagent.adapters.octopus.halibut.message.RequestMessage;
import dev.k8sagent.adapters.octopus.halibut.message.ResponseMessage;
import dev.k8sagent.adapters.octopus.halibut.message.ServerError;
import dev.k8sagent.adapters.octopus.halibut.service.InMemoryAgent;
import dev.k8sagent.adapters.octopus.halibut.wire.ControlLine;
import dev.k8sagent.adapters.octopus.halibut.wire.DataStreamFrame;
import dev.k8sagent.adapters.octopus.halibut.wire.MessageDeflater;
import dev.k8sagent.domain.files.RelativePath;
import dev.k8sagent.ports.out.twins.InMemoryFileStore;
import dev.k8sagent.ports.service.TransferringFiles;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A server that lies about its data streams, over the real decoder and exchange: the request is
 * refused for good (the shape the server does not retry), nothing is stored, nothing is left in the
 * spool, and the connection keeps its place for the next request.
 */
class HostileStreamsTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final long CAP = 1024 * 1024;

  @TempDir Path spool;
  private final InMemoryFileStore store = new InMemoryFileStore("/octopus");
  private final ExecutorService work = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() throws InterruptedException {
    work.shutdownNow();
    assertTrue(work.awaitTermination(10, TimeUnit.SECONDS));
  }

  @Test
  void a_stream_frame_longer_than_its_message_declared_is_refused_and_not_written() {
    EmbeddedChannel agent = agent();
    NetGuid id = NetGuid.random();
    long sent = 20L * 1024 * 1024;
    feed(
        agent,
        concat(upload("Work/a.bin", new DataStreamRef(id, 10)), DataStreamFrame.header(id, sent)));
    byte[] block = new byte[64 * 1024];
    for (long fed = 0; fed < sent; fed += block.length) {
      agent.writeInbound(Unpooled.wrappedBuffer(block));
    }
    feed(agent, DataStreamFrame.trailer(sent));

    refusedAndStillServing(agent, "declared 10");
  }

  @Test
  void a_stream_frame_shorter_than_its_message_declared_is_refused_and_not_written() {
    EmbeddedChannel agent = agent();
    feed(agent, uploadFramed(1000, 3));

    refusedAndStillServing(agent, "3 bytes on the wire");
  }

  @Test
  void a_stream_larger_than_the_configured_cap_is_refused_and_dropped_as_it_arrives() {
    EmbeddedChannel agent = agent();
    feed(agent, uploadFramed(CAP + 1, CAP + 1));

    refusedAndStillServing(agent, "k8s-agent.max-stream-bytes");
  }

  /** An upload declaring {@code declared} bytes, followed by a frame of {@code framed} bytes. */
  private static byte[] uploadFramed(long declared, long framed) {
    NetGuid id = NetGuid.random();
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    wire.writeBytes(upload("Work/a.bin", new DataStreamRef(id, declared)));
    wire.writeBytes(DataStreamFrame.header(id, framed));
    wire.writeBytes(new byte[(int) framed]);
    wire.writeBytes(DataStreamFrame.trailer(framed));
    return wire.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  /** Refused for good naming {@code what}, nothing kept, and the connection serves the next. */
  private void refusedAndStillServing(EmbeddedChannel agent, String what) {
    ServerError error = refusal(agent);
    assertTrue(error.message().contains(what), error.message());
    assertNothingKept();
    stillServes(agent);
  }

  /** Split at different sizes, the same refusal every time: the outcome does not race. */
  @ParameterizedTest
  @ValueSource(ints = {1, 7, 64, 4096, Integer.MAX_VALUE})
  void one_stream_referred_to_twice_is_refused_every_time_and_leaves_no_spool_file(int pieces) {
    EmbeddedChannel agent = agent();
    NetGuid id = NetGuid.random();
    byte[] payload = "0123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    RequestMessage request =
        new RequestMessage(
            "IFileTransferService::UploadFileAsync[1] / x",
            NetGuid.random(),
            "IFileTransferService",
            "UploadFile",
            List.of(
                "Work/twice.bin",
                new DataStreamRef(id, payload.length).toTypedBson(),
                new DataStreamRef(id, payload.length).toTypedBson()));
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    wire.writeBytes(MessageDeflater.deflate(Envelope.request(Optional.of(request))));
    for (int i = 0; i < 2; i++) {
      wire.writeBytes(DataStreamFrame.header(id, payload.length));
      wire.writeBytes(payload);
      wire.writeBytes(DataStreamFrame.trailer(payload.length));
    }
    byte[] bytes = wire.toByteArray();
    for (int i = 0; i < bytes.length; i += pieces) {
      agent.writeInbound(
          Unpooled.wrappedBuffer(
              java.util.Arrays.copyOfRange(
                  bytes, i, (int) Math.min(bytes.length, (long) i + pieces))));
    }

    assertTrue(store.retrieve(RelativePath.parse("Work/twice.bin")).isEmpty());
    refusedAndStillServing(agent, "more than once");
  }

  private EmbeddedChannel agent() {
    EmbeddedChannel channel =
        new EmbeddedChannel(
            new InboundFrameDecoder(8 * 1024 * 1024, CAP),
            new SubscriberExchangeHandler(
                InMemoryAgent.dispatcher(new TransferringFiles(store, "/octopus")),
                work,
                spool,
                WAIT,
                WAIT,
                CAP));
    channel.pipeline().fireUserEventTriggered(SubscriberHandshakeHandler.IDENTIFIED);
    return channel;
  }

  private static byte[] upload(String path, DataStreamRef ref) {
    RequestMessage request =
        new RequestMessage(
            "IFileTransferService::UploadFileAsync[1] / x",
            NetGuid.random(),
            "IFileTransferService",
            "UploadFile",
            List.of(path, ref.toTypedBson()));
    return MessageDeflater.deflate(Envelope.request(Optional.of(request)));
  }

  private static void feed(EmbeddedChannel agent, byte[] bytes) {
    agent.writeInbound(Unpooled.wrappedBuffer(bytes));
  }

  /** The agent's answer, once the use case has returned: a refusal the server does not retry. */
  private static ServerError refusal(EmbeddedChannel agent) {
    ResponseMessage response = response(agent);
    ServerError error = response.error().orElseThrow(() -> new AssertionError("not refused"));
    assertTrue(
        error
            .details()
            .startsWith(
                "System.Reflection.TargetInvocationException: Exception has been thrown by the"
                    + " target of an invocation."),
        error::details);
    assertEquals(new OutboundFrame.Control(ControlLine.NEXT), agent.readOutbound());
    return error;
  }

  private static ResponseMessage response(EmbeddedChannel agent) {
    List<Object> out = new ArrayList<>();
    Awaitility.await("the agent's answer")
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(5))
        .until(
            () -> {
              agent.runPendingTasks();
              Object frame = agent.readOutbound();
              if (frame != null) {
                out.add(frame);
              }
              return !out.isEmpty();
            });
    OutboundFrame.Message message = assertInstanceOf(OutboundFrame.Message.class, out.get(0));
    return Envelope.readResponse(BsonReader.read(BsonWriter.write(message.envelope())));
  }

  /** PROCEED, then a plain request on the same connection is answered. */
  private static void stillServes(EmbeddedChannel agent) {
    feed(agent, ControlLine.PROCEED.bytes());
    RequestMessage capabilities =
        new RequestMessage(
            "ICapabilitiesServiceV2::GetCapabilitiesAsync[2] / x",
            NetGuid.random(),
            "ICapabilitiesServiceV2",
            "GetCapabilities",
            List.of());
    feed(agent, MessageDeflater.deflate(Envelope.request(Optional.of(capabilities))));
    assertTrue(response(agent).error().isEmpty());
    assertTrue(agent.isOpen());
  }

  private void assertNothingKept() {
    assertTrue(store.retrieve(RelativePath.parse("Work/a.bin")).isEmpty(), "nothing stored");
    Awaitility.await("spool files removed")
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              if (!Files.exists(spool)) {
                return true;
              }
              try (Stream<Path> left = Files.list(spool)) {
                return left.findAny().isEmpty();
              }
            });
  }
}
