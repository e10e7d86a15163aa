package dev.k8sagent.adapters.octopus.halibut.netty;

import dev.k8sagent.adapters.octopus.halibut.wire.Lines;
import dev.k8sagent.adapters.octopus.halibut.wire.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The agent's side of the handshake: once TLS is up, sends {@code MX} and {@code MX-SUBSCRIBER 1.0
 * <subscription>} with its empty line in one write (over a WebSocket the preamble is a message of
 * its own, so only the identity), then expects {@code MX-SERVER 1.0} and an empty line. Then it
 * leaves the pipeline, handing on any bytes that came after. A server that closes the connection
 * instead of answering does not trust this agent's certificate: the error says so.
 */
public final class SubscriberHandshakeHandler extends ByteToMessageDecoder {
  /** Fired once the server has identified itself. */
  public static final Object IDENTIFIED = "halibut-server-identified";

  /** When the agent speaks first, which depends on what carries the byte stream. */
  public enum Start {
    /** As soon as the connection is up (no TLS: tests only). */
    ON_CONNECT,
    /** Once the TLS handshake is done: the preamble, then the identity. */
    AFTER_TLS,
    /** Once {@link WebSocketBytes} has upgraded and sent the preamble: the identity alone. */
    AFTER_WEBSOCKET_UPGRADE
  }

  private final String subscriptionId;
  private final String agentThumbprint;
  private final Start start;
  private boolean sent;

  public SubscriberHandshakeHandler(String subscriptionId, String agentThumbprint, Start start) {
    this.subscriptionId = subscriptionId;
    this.agentThumbprint = agentThumbprint;
    this.start = start;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    if (start == Start.ON_CONNECT) {
      sendHello(ctx, Lines.subscriberHello(subscriptionId));
    }
    super.channelActive(ctx);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (start == Start.AFTER_TLS
        && event instanceof SslHandshakeCompletionEvent done
        && done.isSuccess()) {
      sendHello(ctx, Lines.subscriberHello(subscriptionId));
    } else if (start == Start.AFTER_WEBSOCKET_UPGRADE && event == WebSocketBytes.OPEN) {
      sendHello(ctx, Lines.subscriberIdentity(subscriptionId));
    }
    super.userEventTriggered(ctx, event);
  }

  private void sendHello(ChannelHandlerContext ctx, byte[] hello) {
    if (!sent) {
      sent = true;
      ctx.writeAndFlush(new OutboundFrame.Handshake(hello));
    }
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    int end = ByteSearch.indexOf(in, "\r\n\r\n");
    if (end < 0) {
      if (in.readableBytes() > Lines.MAX_LINE_BYTES) {
        throw new ProtocolException(
            "The server's identity line is longer than " + Lines.MAX_LINE_BYTES + " bytes");
      }
      return;
    }
    String line = in.toString(in.readerIndex(), end - in.readerIndex(), StandardCharsets.UTF_8);
    in.skipBytes(end - in.readerIndex() + 4);
    String[] words = line.trim().split(" +");
    if (!words[0].equals(Lines.SERVER_IDENTITY)) {
      throw new ProtocolException(
          "Expected the server to answer MX-SERVER but it sent '" + Lines.printable(line) + "'");
    }
    ctx.pipeline().remove(this);
    ctx.fireUserEventTriggered(IDENTIFIED);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (sent) {
      ctx.fireExceptionCaught(
          new ProtocolException(
              "The server closed the connection without identifying itself. That is what Octopus"
                  + " Server does when it does not trust the agent's certificate (thumbprint "
                  + agentThumbprint
                  + "): check that this agent is registered with that thumbprint."));
    }
    super.channelInactive(ctx);
  }
}
