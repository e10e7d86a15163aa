package dev.k8sagent.adapters.octopus.halibut.netty;

import dev.k8sagent.adapters.octopus.halibut.wire.Lines;
import dev.k8sagent.adapters.octopus.halibut.wire.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Opens a tunnel through an HTTP proxy before anything else happens on the connection: sends {@code
 * CONNECT host:port HTTP/1.0} (with Basic credentials when given), requires a 2xx answer, then puts
 * {@code next} (the TLS handler) in its own place, which starts the handshake.
 */
public final class HttpConnectHandler extends ByteToMessageDecoder {
  private static final int MAX_RESPONSE_HEADER = 16 * 1024;

  private final String target;
  private final Optional<String> authorization;
  private final ChannelHandler next;

  public HttpConnectHandler(
      String host,
      int port,
      Optional<String> username,
      Optional<String> password,
      ChannelHandler next) {
    this.target = host + ":" + port;
    this.authorization =
        username.map(
            user ->
                Base64.getEncoder()
                    .encodeToString(
                        (user + ":" + password.orElse("")).getBytes(StandardCharsets.UTF_8)));
    this.next = next;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    StringBuilder request =
        new StringBuilder("CONNECT ")
            .append(target)
            .append(" HTTP/1.0\r\nHost: ")
            .append(target)
            .append("\r\n");
    authorization.ifPresent(
        value -> request.append("Proxy-Authorization: Basic ").append(value).append("\r\n"));
    request.append("\r\n");
    ctx.writeAndFlush(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII));
    // channelActive is passed on once the tunnel is open, so TLS starts only then.
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    int end = ByteSearch.indexOf(in, "\r\n\r\n");
    if (end < 0) {
      if (in.readableBytes() > MAX_RESPONSE_HEADER) {
        throw new ProtocolException("The proxy's answer to CONNECT has no end");
      }
      return;
    }
    String header =
        in.readCharSequence(end - in.readerIndex(), StandardCharsets.ISO_8859_1).toString();
    in.skipBytes(4);
    String status = header.lines().findFirst().orElse("");
    String[] words = status.split(" ", 3);
    if (words.length < 2 || !words[0].startsWith("HTTP/") || !words[1].startsWith("2")) {
      throw new ProtocolException(
          "The proxy refused to open a tunnel to "
              + target
              + ": '"
              + Lines.printable(status)
              + "'"
              + (words.length > 1 && words[1].equals("407")
                  ? " (check TentaclePollingProxyUsername and TentaclePollingProxyPassword)"
                  : ""));
    }
    ctx.pipeline().replace(this, "tls", next);
    ctx.pipeline().fireChannelActive();
  }
}
