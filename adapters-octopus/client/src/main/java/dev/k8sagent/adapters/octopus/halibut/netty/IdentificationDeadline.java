package dev.k8sagent.adapters.octopus.halibut.netty;

import dev.k8sagent.adapters.octopus.halibut.wire.ProtocolException;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Bounds everything between the TCP connection and the server's {@code MX-SERVER} answer: the
 * proxy's {@code CONNECT}, TLS, the WebSocket upgrade and the identification. A server (or anything
 * in between) that stops answering in any of them loses the connection after {@code within}, and
 * the client connects again after its back-off. Each phase may have a shorter limit of its own;
 * this is the one that always holds. Once the server has identified itself, the exchange's own
 * waits take over and this handler leaves the pipeline.
 */
public final class IdentificationDeadline extends ChannelDuplexHandler {
  private final Duration within;
  private ScheduledFuture<?> deadline;

  public IdentificationDeadline(Duration within) {
    this.within = within;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      start(ctx);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    start(ctx);
    super.channelActive(ctx);
  }

  private void start(ChannelHandlerContext ctx) {
    if (deadline != null) {
      return;
    }
    deadline =
        ctx.executor()
            .schedule(
                () -> {
                  ctx.fireExceptionCaught(
                      new ProtocolException(
                          "The server did not identify itself (MX-SERVER) within "
                              + within.toSeconds()
                              + " s of connecting; trying again after the back-off"));
                  ctx.close();
                },
                within.toMillis(),
                TimeUnit.MILLISECONDS);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event == SubscriberHandshakeHandler.IDENTIFIED) {
      cancel();
      ctx.pipeline().remove(this);
    }
    super.userEventTriggered(ctx, event);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    cancel();
    super.channelInactive(ctx);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancel();
  }

  private void cancel() {
    if (deadline != null) {
      deadline.cancel(false);
    }
  }
}
