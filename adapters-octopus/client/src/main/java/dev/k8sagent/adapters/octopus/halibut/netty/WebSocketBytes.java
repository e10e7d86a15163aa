package dev.k8sagent.adapters.octopus.halibut.netty;

import dev.k8sagent.adapters.octopus.halibut.wire.Lines;
import dev.k8sagent.adapters.octopus.halibut.wire.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.concurrent.PromiseCombiner;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/**
 * Carries Halibut's byte stream over a WebSocket, so the handlers above it work as they do over
 * TCP. Halibut sends every write as part of one binary message that never ends: the first frame is
 * binary with FIN=0, every later one a continuation with FIN=0, and frame boundaries mean nothing.
 * A frame with no payload reads as end-of-stream to a .NET peer, so none is ever sent.
 *
 * <p>The preamble is not in the byte stream: the client sends it as a text message {@code MX} once
 * the upgrade is done. On the client side this handler sends it and then fires {@link #OPEN}; on
 * the server side it turns that text message into the TCP preamble for the handshake handler.
 */
public final class WebSocketBytes extends ChannelDuplexHandler {
  /** Fired on the client once the upgrade is done and the {@code MX} text message is sent. */
  public static final Object OPEN = "halibut-websocket-open";

  /** The sub-protocol both sides insist on. */
  public static final String SUBPROTOCOL = "Octopus";

  /** A header Halibut's client sends with the upgrade; only it reads it. */
  public static final String REQUEST_ID_HEADER = "X-Octopus-RequestId";

  /** Largest payload put in one frame; bigger writes are split. */
  static final int MAX_FRAME_PAYLOAD = 64 * 1024;

  /** Which end of the connection this is. */
  public enum Side {
    CLIENT,
    SERVER
  }

  private final Side side;
  private boolean firstFrameSent;
  private boolean preambleSeen;

  public WebSocketBytes(Side side) {
    this.side = side;
  }

  /**
   * The upgrade request Halibut's WebSocket client makes to {@code address}: sub-protocol {@code
   * Octopus}, a fresh {@code X-Octopus-RequestId}, no extensions. Frames from the server may be as
   * large as the largest message allowed.
   */
  public static WebSocketClientProtocolConfig upgrade(
      URI address, int maxMessageBytes, Duration handshakeTimeout) {
    return WebSocketClientProtocolConfig.newBuilder()
        .webSocketUri(address)
        .subprotocol(SUBPROTOCOL)
        .customHeaders(new DefaultHttpHeaders().add(REQUEST_ID_HEADER, UUID.randomUUID()))
        .allowExtensions(false)
        .maxFramePayloadLength(Math.max(maxMessageBytes, 1024 * 1024))
        .handshakeTimeoutMillis(handshakeTimeout.toMillis())
        .withUTF8Validator(false)
        .build();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (side == Side.CLIENT
        && event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
      ctx.writeAndFlush(new TextWebSocketFrame("MX"));
      ctx.fireUserEventTriggered(OPEN);
    }
    super.userEventTriggered(ctx, event);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof WebSocketFrame frame)) {
      ctx.fireChannelRead(msg);
      return;
    }
    try {
      if (frame instanceof BinaryWebSocketFrame || frame instanceof ContinuationWebSocketFrame) {
        if (frame.content().isReadable()) {
          ctx.fireChannelRead(frame.content().retain());
        }
      } else if (frame instanceof TextWebSocketFrame text) {
        readText(ctx, text.text());
      }
    } finally {
      frame.release();
    }
  }

  private void readText(ChannelHandlerContext ctx, String text) {
    if (side == Side.SERVER && !preambleSeen) {
      preambleSeen = true;
      if (!text.startsWith("MX")) {
        throw new ProtocolException(
            "Expected the text message MX after the upgrade but got '"
                + Lines.printable(text)
                + "'");
      }
      ctx.fireChannelRead(Unpooled.copiedBuffer(Lines.PREAMBLE, StandardCharsets.US_ASCII));
      return;
    }
    throw new ProtocolException(
        "Got a text WebSocket message '"
            + Lines.printable(text)
            + "' where Halibut sends only binary frames");
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (!(msg instanceof ByteBuf bytes)) {
      ctx.write(msg, promise);
      return;
    }
    if (!bytes.isReadable()) {
      bytes.release();
      promise.setSuccess();
      return;
    }
    if (bytes.readableBytes() <= MAX_FRAME_PAYLOAD) {
      ctx.write(frame(bytes), promise);
      return;
    }
    PromiseCombiner all = new PromiseCombiner(ctx.executor());
    try {
      while (bytes.isReadable()) {
        int length = Math.min(MAX_FRAME_PAYLOAD, bytes.readableBytes());
        all.add(ctx.write(frame(bytes.readRetainedSlice(length))));
      }
    } finally {
      bytes.release();
    }
    all.finish(promise);
  }

  private WebSocketFrame frame(ByteBuf payload) {
    if (firstFrameSent) {
      return new ContinuationWebSocketFrame(false, 0, payload);
    }
    firstFrameSent = true;
    return new BinaryWebSocketFrame(false, 0, payload);
  }
}
