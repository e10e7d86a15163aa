package dev.k8sagent.adapters.octopus.halibut.netty;

import dev.k8sagent.adapters.octopus.halibut.message.Envelope;
import dev.k8sagent.adapters.octopus.halibut.message.RequestMessage;
import dev.k8sagent.adapters.octopus.halibut.service.Reply;
import dev.k8sagent.adapters.octopus.halibut.service.ServiceDispatcher;
import dev.k8sagent.adapters.octopus.halibut.wire.ControlLine;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The agent's loop on one polling connection: take a request and its data streams, answer it (the
 * use case runs on {@code work}, never on the event loop), send {@code NEXT}, wait for {@code
 * PROCEED}. A null request is the server's keep-alive: {@code NEXT} straight away. {@code END}
 * closes the connection.
 */
public final class SubscriberExchangeHandler extends SimpleChannelInboundHandler<InboundFrame> {
  private static final System.Logger LOG =
      System.getLogger(SubscriberExchangeHandler.class.getName());

  private final ServiceDispatcher dispatcher;
  private final Executor work;
  private final Path spoolDirectory;
  private RequestMessage pending;
  private int streamsLeft;
  private StreamSpool spool;

  public SubscriberExchangeHandler(
      ServiceDispatcher dispatcher, Executor work, Path spoolDirectory) {
    this.dispatcher = dispatcher;
    this.work = work;
    this.spoolDirectory = spoolDirectory;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, InboundFrame frame) {
    if (frame instanceof InboundFrame.Message message) {
      Optional<RequestMessage> request = Envelope.readRequest(message.envelope());
      if (request.isEmpty()) {
        ctx.writeAndFlush(new OutboundFrame.Control(ControlLine.NEXT));
        return;
      }
      pending = request.get();
      streamsLeft = message.streams().size();
      spool = new StreamSpool(spoolDirectory);
      if (streamsLeft == 0) {
        invoke(ctx);
      }
    } else if (frame instanceof InboundFrame.StreamChunk chunk) {
      spool.append(chunk.id(), chunk.bytes());
    } else if (frame instanceof InboundFrame.StreamEnd end) {
      spool.end(end.id());
      if (--streamsLeft == 0) {
        invoke(ctx);
      }
    } else if (frame instanceof InboundFrame.Control control) {
      if (control.line() == ControlLine.END) {
        ctx.close();
      } else if (control.line() != ControlLine.PROCEED) {
        throw new dev.k8sagent.adapters.octopus.halibut.wire.ProtocolException(
            "Expected PROCEED from the server but got " + control.line());
      }
    }
  }

  private void invoke(ChannelHandlerContext ctx) {
    RequestMessage request = pending;
    StreamSpool streams = spool;
    pending = null;
    spool = null;
    work.execute(
        () -> {
          Reply reply;
          try {
            reply = dispatcher.dispatch(request, streams.contents());
          } catch (RuntimeException e) {
            // The dispatcher answers every request; this is a defect, but the server still gets
            // one.
            LOG.log(
                Level.ERROR,
                "Answering " + request.service() + "." + request.method() + " failed",
                e);
            reply =
                Reply.of(
                    dev.k8sagent.adapters.octopus.halibut.message.ResponseMessage.failure(
                        request.id(),
                        dev.k8sagent.adapters.octopus.halibut.message.ServerError.transientFailure(
                            request.service() + "." + request.method(), e)));
          }
          ctx.write(
              new OutboundFrame.Message(Envelope.response(reply.response()), reply.streams()));
          ctx.writeAndFlush(new OutboundFrame.Control(ControlLine.NEXT))
              .addListener(done -> streams.close());
        });
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (spool != null) {
      spool.close();
    }
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable reason =
        cause.getCause() != null && cause instanceof io.netty.handler.codec.DecoderException
            ? cause.getCause()
            : cause;
    LOG.log(
        Level.WARNING,
        "Polling connection to "
            + ctx.channel().remoteAddress()
            + " closed: "
            + reason.getMessage());
    ctx.close();
  }
}
