package dev.k8sagent.adapters.octopus.halibut.netty;

import dev.k8sagent.adapters.octopus.halibut.service.OutgoingStream;
import dev.k8sagent.adapters.octopus.halibut.wire.DataStreamFrame;
import dev.k8sagent.adapters.octopus.halibut.wire.MessageDeflater;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Turns {@link OutboundFrame}s into bytes: handshake and control lines as they are, a message as
 * raw DEFLATE followed by each data stream framed as {@code id len bytes len}. Stream bytes are
 * handed on as {@link io.netty.handler.stream.ChunkedInput}, so a {@link
 * io.netty.handler.stream.ChunkedWriteHandler} nearer the socket reads them only as fast as they
 * are sent.
 */
public final class OutboundFrameEncoder extends MessageToMessageEncoder<OutboundFrame> {
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
      out.add(Unpooled.wrappedBuffer(MessageDeflater.deflate(message.envelope())));
      for (OutgoingStream stream : message.streams()) {
        long length = stream.ref().length();
        out.add(Unpooled.wrappedBuffer(DataStreamFrame.header(stream.ref().id(), length)));
        if (length > 0) {
          out.add(
              new ExactLengthChunkedStream(
                  stream.content().open(), length, "Data stream " + stream.ref().id()));
        }
        out.add(Unpooled.wrappedBuffer(DataStreamFrame.trailer(length)));
      }
    }
  }
}
