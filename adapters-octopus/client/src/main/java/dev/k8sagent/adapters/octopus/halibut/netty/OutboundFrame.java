package dev.k8sagent.adapters.octopus.halibut.netty;

import dev.k8sagent.adapters.octopus.halibut.bson.BsonDocument;
import dev.k8sagent.adapters.octopus.halibut.service.OutgoingStream;
import dev.k8sagent.adapters.octopus.halibut.wire.ControlLine;
import java.util.List;

/** What a side of the connection sends, encoded by {@link OutboundFrameEncoder}. */
public sealed interface OutboundFrame {
  /** Raw bytes of the handshake (preamble, identity lines). */
  record Handshake(byte[] bytes) implements OutboundFrame {}

  /**
   * A message's envelope, written as BSON and compressed on the way out (see {@link
   * dev.k8sagent.adapters.octopus.halibut.message.Envelope}), then its data streams.
   */
  record Message(BsonDocument envelope, List<OutgoingStream> streams) implements OutboundFrame {
    public Message {
      streams = List.copyOf(streams);
    }
  }

  /** A control word. */
  record Control(ControlLine line) implements OutboundFrame {}
}
