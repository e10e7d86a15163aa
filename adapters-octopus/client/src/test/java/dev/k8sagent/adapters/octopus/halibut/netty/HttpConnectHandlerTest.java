package dev.k8sagent.adapters.octopus.halibut.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.k8sagent.adapters.octopus.halibut.wire.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HttpConnectHandlerTest {
  @Test
  void asks_for_a_tunnel_with_basic_credentials_then_hands_over_to_tls() {
    List<String> seen = new ArrayList<>();
    EmbeddedChannel channel =
        new EmbeddedChannel(
            new HttpConnectHandler(
                "octopus.example", 10943, Optional.of("me"), Optional.of("pw"), recorder(seen)));
    ByteBuf request = channel.readOutbound();
    assertEquals(
        "CONNECT octopus.example:10943 HTTP/1.0\r\nHost: octopus.example:10943\r\n"
            + "Proxy-Authorization: Basic bWU6cHc=\r\n\r\n",
        request.toString(StandardCharsets.US_ASCII));
    request.release();
    assertTrue(seen.isEmpty(), "TLS does not start before the tunnel is open");

    channel.writeInbound(
        Unpooled.copiedBuffer(
            "HTTP/1.1 200 Connection established\r\n\r\n", StandardCharsets.US_ASCII));

    assertEquals(List.of("active"), seen);
    assertTrue(channel.pipeline().get(HttpConnectHandler.class) == null);
  }

  @Test
  void a_refusal_names_the_status_and_what_to_check() {
    EmbeddedChannel channel =
        new EmbeddedChannel(
            new HttpConnectHandler(
                "octopus.example",
                10943,
                Optional.empty(),
                Optional.empty(),
                recorder(new ArrayList<>())));
    ((ByteBuf) channel.readOutbound()).release();
    DecoderException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            DecoderException.class,
            () ->
                channel.writeInbound(
                    Unpooled.copiedBuffer(
                        "HTTP/1.1 407 Proxy Authentication Required\r\n\r\n",
                        StandardCharsets.US_ASCII)));
    ProtocolException cause = assertInstanceOf(ProtocolException.class, e.getCause());
    assertTrue(cause.getMessage().contains("407"));
    assertTrue(cause.getMessage().contains("TentaclePollingProxyUsername"));
  }

  private static ChannelInboundHandlerAdapter recorder(List<String> seen) {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelActive(ChannelHandlerContext ctx) {
        seen.add("active");
      }
    };
  }
}
