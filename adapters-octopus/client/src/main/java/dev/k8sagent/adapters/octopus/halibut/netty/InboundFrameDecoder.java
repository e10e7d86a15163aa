package dev.k8sagent.adapters.octopus.halibut.netty;

import dev.k8sagent.adapters.octopus.halibut.bson.BsonDocument;
import dev.k8sagent.adapters.octopus.halibut.bson.NetGuid;
import dev.k8sagent.adapters.octopus.halibut.message.DataStreamRef;
import dev.k8sagent.adapters.octopus.halibut.message.Envelope;
import dev.k8sagent.adapters.octopus.halibut.wire.ControlLine;
import dev.k8sagent.adapters.octopus.halibut.wire.DataStreamFrame;
import dev.k8sagent.adapters.octopus.halibut.wire.Lines;
import dev.k8sagent.adapters.octopus.halibut.wire.MessageInflater;
import dev.k8sagent.adapters.octopus.halibut.wire.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Splits what the peer sends after the handshake into frames. Both directions of a polling
 * connection have the same shape, so the agent and the simulator share it:
 *
 * <pre>
 * +----------------------+---------------------------------------------+-----------------+
 * | raw DEFLATE of BSON  | per data stream in the message, in order:   | control line    |
 * | {Message: …}         | id(16) len(8 LE) bytes[len] len(8 LE)       | NEXT|PROCEED|END |
 * | (no length; ends at  |                                             | CRLF (empty     |
 * |  the final block)    |                                             |  lines skipped) |
 * +----------------------+---------------------------------------------+-----------------+
 * </pre>
 *
 * A message is inflated as it arrives and refused once it passes the size cap; stream bytes are
 * passed on as they come (never gathered). A stream frame whose length is not the length its
 * message declared, or is longer than the cap, is refused ({@link InboundFrame.StreamRefused}): its
 * bytes are read and dropped, so the connection keeps its place and the request can be answered
 * with a refusal. A stream that is not the one expected, a negative length, a trailer that
 * disagrees with the header, or an unknown control word is a {@link ProtocolException}, and the
 * connection is closed by whoever handles it.
 */
public final class InboundFrameDecoder extends ByteToMessageDecoder {
  private enum State {
    MESSAGE,
    STREAM_HEADER,
    STREAM_BODY,
    STREAM_TRAILER,
    CONTROL
  }

  /** Room reserved from the budget at a time while a message inflates. */
  private static final int RESERVE_STEP = 256 * 1024;

  private final MessageInflater inflater;
  private final long maxStreamBytes;
  private final MessageBudget budget;
  private long reserved;
  private boolean waitingForBudget;
  private final Deque<DataStreamRef> expectedStreams = new ArrayDeque<>();
  private State state = State.MESSAGE;
  private NetGuid streamId;
  private long streamLength;
  private long streamRemaining;
  private boolean discarding;

  public InboundFrameDecoder(int maxMessageBytes, long maxStreamBytes) {
    this(maxMessageBytes, maxStreamBytes, MessageBudget.unlimited());
  }

  /**
   * @param budget memory shared with the client's other connections for messages being inflated
   */
  public InboundFrameDecoder(int maxMessageBytes, long maxStreamBytes, MessageBudget budget) {
    this.inflater = new MessageInflater(maxMessageBytes);
    this.maxStreamBytes = maxStreamBytes;
    this.budget = budget;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (in.isReadable()) {
      int before = in.readableBytes();
      switch (state) {
        case MESSAGE -> message(ctx, in, out);
        case STREAM_HEADER -> streamHeader(in, out);
        case STREAM_BODY -> streamBody(in, out);
        case STREAM_TRAILER -> streamTrailer(in, out);
        case CONTROL -> control(in, out);
        default -> throw new IllegalStateException(state.name());
      }
      if (in.readableBytes() == before) {
        return; // needs more bytes
      }
    }
  }

  @Override
  protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out)
      throws Exception {
    decode(ctx, in, out);
    boolean midMessage = state == State.MESSAGE && inflater.started();
    if (midMessage || state != State.MESSAGE && state != State.CONTROL || in.isReadable()) {
      throw new ProtocolException(
          "The connection closed in the middle of "
              + (state == State.MESSAGE || state == State.CONTROL ? "a message" : "a data stream"));
    }
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) {
    inflater.close();
    giveBack();
  }

  private void giveBack() {
    if (reserved > 0) {
      budget.release(reserved);
      reserved = 0;
    }
  }

  /**
   * The peer sends a control line next, with no message before it: what the server reads after it
   * sent a null request (keep-alive), which the agent answers with {@code NEXT} alone. Call on the
   * event loop before the null request is written.
   */
  public void expectControlLine() {
    if (state != State.MESSAGE || inflater.started()) {
      throw new IllegalStateException("A control line can only be expected between messages");
    }
    state = State.CONTROL;
  }

  private void message(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (waitingForBudget) {
      return;
    }
    if (reserved - inflater.inflatedBytes() < RESERVE_STEP && !reserveMore(ctx)) {
      return; // reading stopped; decoding goes on when another connection gives room back
    }
    int allowance = (int) Math.min(Integer.MAX_VALUE, reserved - inflater.inflatedBytes());
    in.skipBytes(inflater.feed(in.nioBuffer(in.readerIndex(), in.readableBytes()), allowance));
    if (!inflater.finished()) {
      return;
    }
    BsonDocument envelope = Envelope.parse(inflater.messageBytes(), inflater.inflatedBytes());
    inflater.reset();
    giveBack();
    List<DataStreamRef> streams = DataStreamRef.findAll(envelope);
    expectedStreams.addAll(streams);
    out.add(new InboundFrame.Message(envelope, streams));
    state = expectedStreams.isEmpty() ? State.CONTROL : State.STREAM_HEADER;
  }

  /**
   * Reserves the next step of the budget. Without it, inflating goes on while room is left; with
   * none left, reading stops until another connection gives some back.
   */
  private boolean reserveMore(ChannelHandlerContext ctx) {
    if (budget.reserve(RESERVE_STEP, () -> ctx.executor().execute(() -> resume(ctx)))) {
      reserved += RESERVE_STEP;
      return true;
    }
    if (reserved > inflater.inflatedBytes()) {
      return true;
    }
    waitingForBudget = true;
    ctx.channel().config().setAutoRead(false);
    return false;
  }

  private void resume(ChannelHandlerContext ctx) {
    if (!waitingForBudget || ctx.isRemoved()) {
      return;
    }
    waitingForBudget = false;
    ctx.channel().config().setAutoRead(true);
    // decode what is already held, as if it had just arrived
    try {
      channelRead(ctx, io.netty.buffer.Unpooled.EMPTY_BUFFER);
      channelReadComplete(ctx);
    } catch (Exception e) {
      ctx.fireExceptionCaught(e);
    }
  }

  private void streamHeader(ByteBuf in, List<Object> out) {
    if (in.readableBytes() < DataStreamFrame.HEADER_BYTES) {
      return;
    }
    byte[] header = new byte[DataStreamFrame.HEADER_BYTES];
    in.readBytes(header);
    NetGuid id = NetGuid.fromNetBytes(header, 0);
    long length = DataStreamFrame.readLong(header, NetGuid.BYTES);
    DataStreamRef expected = expectedStreams.removeFirst();
    if (!expected.id().equals(id)) {
      throw new ProtocolException(
          "Unexpected data stream " + id + "; the message announced " + expected.id() + " next");
    }
    if (length < 0) {
      throw new ProtocolException("Data stream " + id + " declares a negative length " + length);
    }
    discarding = false;
    if (length != expected.length()) {
      refuse(out, id, length, "bytes on the wire but its message declared " + expected.length());
    } else if (length > maxStreamBytes) {
      refuse(
          out,
          id,
          length,
          "bytes; this agent accepts at most " + maxStreamBytes + " (k8s-agent.max-stream-bytes)");
    }
    streamId = id;
    streamLength = length;
    streamRemaining = length;
    state = length == 0 ? State.STREAM_TRAILER : State.STREAM_BODY;
  }

  private void refuse(List<Object> out, NetGuid id, long length, String why) {
    discarding = true;
    out.add(new InboundFrame.StreamRefused(id, "Data stream " + id + " is " + length + " " + why));
  }

  private void streamBody(ByteBuf in, List<Object> out) {
    int take = (int) Math.min(in.readableBytes(), streamRemaining);
    if (discarding) {
      in.skipBytes(take);
    } else {
      out.add(new InboundFrame.StreamChunk(streamId, in.readRetainedSlice(take)));
    }
    streamRemaining -= take;
    if (streamRemaining == 0) {
      state = State.STREAM_TRAILER;
    }
  }

  private void streamTrailer(ByteBuf in, List<Object> out) {
    if (in.readableBytes() < DataStreamFrame.TRAILER_BYTES) {
      return;
    }
    long trailer = in.readLongLE();
    if (trailer != streamLength) {
      throw new ProtocolException(
          "Data stream size mismatch: stream "
              + streamId
              + " announced "
              + streamLength
              + " bytes but its trailer says "
              + trailer);
    }
    out.add(new InboundFrame.StreamEnd(streamId, streamLength));
    state = expectedStreams.isEmpty() ? State.CONTROL : State.STREAM_HEADER;
  }

  private void control(ByteBuf in, List<Object> out) {
    int end =
        in.forEachByte(
            in.readerIndex(),
            Math.min(in.readableBytes(), Lines.MAX_LINE_BYTES + 2),
            b -> b != '\n');
    if (end < 0) {
      if (in.readableBytes() > Lines.MAX_LINE_BYTES) {
        throw new ProtocolException(
            "Expected a control line but got more than "
                + Lines.MAX_LINE_BYTES
                + " bytes without one");
      }
      return;
    }
    int length = end - in.readerIndex();
    String line = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
    in.skipBytes(length + 1);
    if (!line.endsWith("\r")) {
      throw new ProtocolException(
          "Control lines end with CRLF; got '" + Lines.printable(line) + "' ended by a bare LF");
    }
    String word = line.substring(0, line.length() - 1);
    if (word.isEmpty()) {
      return; // empty lines are skipped where a control word is expected
    }
    out.add(new InboundFrame.Control(ControlLine.parse(word)));
    state = State.MESSAGE;
  }
}
