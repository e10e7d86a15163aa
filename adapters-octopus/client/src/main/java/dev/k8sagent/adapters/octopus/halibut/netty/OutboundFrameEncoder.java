package dev.k8sagent.adapters.octopus.halibut.netty;

import dev.k8sagent.adapters.octopus.halibut.bson.BsonWriter;
import dev.k8sagent.adapters.octopus.halibut.service.OutgoingStream;
import dev.k8sagent.adapters.octopus.halibut.wire.DataStreamFrame;
import dev.k8sagent.adapters.octopus.halibut.wire.MessageDeflater;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.List;
import java.util.zip.Deflater;

/**
 * Turns {@link OutboundFrame}s into bytes: handshake and control lines as they are, a message as
 * raw DEFLATE followed by each data stream framed as {@code id len bytes len}. Stream bytes are
 * handed on as {@link io.netty.handler.stream.ChunkedInput}, so a {@link
 * io.netty.handler.stream.ChunkedWriteHandler} nearer the socket reads them only as fast as they
 * are sent.
 *
 * <p>A message's envelope is written as BSON into the thread's scratch buffer ({@link
 * BsonWriter#write(dev.k8sagent.adapters.octopus.halibut.bson.BsonDocument, BsonWriter.BytesUse)})
 * and compressed from there by one {@link Deflater} per event-loop thread, reset before each
 * message (which makes the same bytes as a new one, see {@link MessageDeflater}), straight into a
 * pooled buffer: no array of its own per message. A message is compressed whole within one call, so
 * the connections of a thread can share it: a new deflater per message cost a native allocation and
 * a cleaner each, and one per connection kept a quarter of a megabyte of zlib state per connection,
 * cold in the CPU's caches by the time that connection's next message came.
 */
public final class OutboundFrameEncoder extends MessageToMessageEncoder<OutboundFrame> {
  private static final FastThreadLocal<Deflater> DEFLATERS =
      new FastThreadLocal<>() {
        @Override
        protected Deflater initialValue() {
          return MessageDeflater.newDeflater();
        }

        @Override
        protected void onRemoval(Deflater deflater) {
          deflater.end();
        }
      };

  public OutboundFrameEncoder() {
    super(OutboundFrame.class);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, OutboundFrame frame, List<Object> out)
      throws Exception {
    if (frame instanceof OutboundFrame.Handshake handshake) {
      out.add(Unpooled.wrappedBuffer(handshake.bytes()));
    } else if (frame instanceof OutboundFrame.Control control) {
      out.add(Unpooled.wrappedBuffer(control.line().bytes()));
    } else if (frame instanceof OutboundFrame.Message message) {
      out.add(BsonWriter.write(message.envelope(), (bson, length) -> deflate(ctx, bson, length)));
      for (OutgoingStream stream : message.streams()) {
        long length = stream.ref().length();
        out.add(Unpooled.wrappedBuffer(DataStreamFrame.header(stream.ref().id(), length)));
        if (length > 0) {
          out.add(
              new ExactLengthChunkedStream(
                  stream.content().openChannel(), length, "Data stream " + stream.ref().id()));
        }
        out.add(Unpooled.wrappedBuffer(DataStreamFrame.trailer(length)));
      }
    }
  }

  private static ByteBuf deflate(ChannelHandlerContext ctx, byte[] bson, int length) {
    Deflater deflater = DEFLATERS.get();
    deflater.reset(); // whatever a failed message left behind is gone too
    deflater.setInput(bson, 0, length);
    deflater.finish();
    ByteBuf out = ctx.alloc().heapBuffer(length / 2 + 64);
    try {
      while (!deflater.finished()) {
        out.ensureWritable(Math.max(256, length / 8));
        int produced =
            deflater.deflate(
                out.array(), out.arrayOffset() + out.writerIndex(), out.writableBytes());
        out.writerIndex(out.writerIndex() + produced);
      }
      return out;
    } catch (RuntimeException e) {
      out.release();
      throw e;
    }
  }
}
