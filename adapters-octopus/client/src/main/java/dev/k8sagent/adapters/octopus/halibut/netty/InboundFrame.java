package dev.k8sagent.adapters.octopus.halibut.netty;

import dev.k8sagent.adapters.octopus.halibut.bson.BsonDocument;
import dev.k8sagent.adapters.octopus.halibut.bson.NetGuid;
import dev.k8sagent.adapters.octopus.halibut.message.DataStreamRef;
import dev.k8sagent.adapters.octopus.halibut.wire.ControlLine;
import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;
import java.util.List;

/** What the peer sent, one piece at a time, in wire order. */
public sealed interface InboundFrame {
  /** A whole message envelope and the data streams that will follow it, in order. */
  record Message(BsonDocument envelope, List<DataStreamRef> streams) implements InboundFrame {
    public Message {
      streams = List.copyOf(streams);
    }
  }

  /** Some bytes of a data stream. The receiver releases {@code bytes}. */
  record StreamChunk(NetGuid id, ByteBuf bytes) implements InboundFrame, ReferenceCounted {
    @Override
    public int refCnt() {
      return bytes.refCnt();
    }

    @Override
    public StreamChunk retain() {
      bytes.retain();
      return this;
    }

    @Override
    public StreamChunk retain(int increment) {
      bytes.retain(increment);
      return this;
    }

    @Override
    public StreamChunk touch() {
      bytes.touch();
      return this;
    }

    @Override
    public StreamChunk touch(Object hint) {
      bytes.touch(hint);
      return this;
    }

    @Override
    public boolean release() {
      return bytes.release();
    }

    @Override
    public boolean release(int decrement) {
      return bytes.release(decrement);
    }
  }

  /** A data stream ended with a trailer that matched its length. */
  record StreamEnd(NetGuid id, long length) implements InboundFrame {}

  /**
   * A data stream the agent will not take (its frame is not what its message declared, or it is
   * larger than allowed); its bytes are dropped and a {@link StreamEnd} still follows.
   */
  record StreamRefused(NetGuid id, String reason) implements InboundFrame {}

  /** A control word. */
  record Control(ControlLine line) implements InboundFrame {}
}
