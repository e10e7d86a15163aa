package dev.k8sagent.adapters.octopus.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.k8sagent.adapters.octopus.halibut.netty.OutboundFrame;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerHandshakeHandlerTest {
  private static final String SUBSCRIPTION = "poll://abcdefghjk23456789ab/";

  @Test
  void the_server_answers_a_trusted_subscriber_and_reports_its_subscription() {
    List<Object> seen = new ArrayList<>();
    EmbeddedChannel channel =
        new EmbeddedChannel(
            new ServerHandshakeHandler(ctx -> true),
            new ChannelInboundHandlerAdapter() {
              @Override
              public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                seen.add(event);
              }
            });
    channel.writeInbound(
        Unpooled.copiedBuffer(
            "MX\r\n\r\nMX-SUBSCRIBER 1.0 " + SUBSCRIPTION + "\r\n\r\n", StandardCharsets.US_ASCII));
    OutboundFrame.Handshake answer = channel.readOutbound();
    assertEquals("MX-SERVER 1.0\r\n\r\n", new String(answer.bytes(), StandardCharsets.US_ASCII));
    assertTrue(seen.contains(new ServerHandshakeHandler.Subscribed(SUBSCRIPTION)));
  }

  @Test
  void the_server_closes_on_an_untrusted_client_without_a_word() {
    EmbeddedChannel channel = new EmbeddedChannel(new ServerHandshakeHandler(ctx -> false));
    channel.writeInbound(
        Unpooled.copiedBuffer(
            "MX\n\nMX-SUBSCRIBER 1.0 " + SUBSCRIPTION + "\r\n\r\n", StandardCharsets.US_ASCII));
    assertFalse(channel.isOpen());
    assertTrue(channel.outboundMessages().isEmpty());
  }
}
