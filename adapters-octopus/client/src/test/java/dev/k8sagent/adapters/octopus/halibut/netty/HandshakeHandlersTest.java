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
import org.junit.jupiter.api.Test;

/** The agent's side of the handshake; the server's side is tested with the simulator. */
class HandshakeHandlersTest {
  private static final String SUBSCRIPTION = "poll://abcdefghjk23456789ab/";

  @Test
  void the_agent_sends_preamble_and_identity_in_one_write() {
    EmbeddedChannel channel = agent(new ArrayList<>());
    OutboundFrame.Handshake hello = channel.readOutbound();
    assertEquals(
        "MX\r\nMX-SUBSCRIBER 1.0 poll://abcdefghjk23456789ab/\r\n\r\n"
            .replace("MX\r\nMX-", "MX\r\n\r\nMX-"),
        new String(hello.bytes(), StandardCharsets.UTF_8));
    assertTrue(channel.outboundMessages().isEmpty(), "nothing else is written");
  }

  @Test
  void the_server_identity_split_anywhere_is_read_and_what_follows_is_handed_on() {
    List<Object> seen = new ArrayList<>();
    EmbeddedChannel channel = agent(seen);
    byte[] wire = "MX-SERVER 1.0\r\n\r\nPROCEED".getBytes(StandardCharsets.US_ASCII);
    for (byte b : wire) {
      channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
    }
    assertTrue(seen.contains(SubscriberHandshakeHandler.IDENTIFIED));
    assertTrue(
        channel.pipeline().get(SubscriberHandshakeHandler.class) == null, "it left the pipeline");
    StringBuilder rest = new StringBuilder();
    Object read;
    while ((read = channel.readInbound()) != null) {
      rest.append(((ByteBuf) read).toString(StandardCharsets.US_ASCII));
      ((ByteBuf) read).release();
    }
    assertEquals("PROCEED", rest.toString());
  }

  @Test
  void a_garbage_identity_line_is_a_protocol_error_naming_it() {
    List<Object> seen = new ArrayList<>();
    EmbeddedChannel channel = agent(seen);
    channel.writeInbound(
        Unpooled.copiedBuffer("HTTP/1.0 200 OK\r\n\r\n", StandardCharsets.US_ASCII));
    DecoderException e =
        (DecoderException)
            seen.stream().filter(DecoderException.class::isInstance).findFirst().orElseThrow();
    ProtocolException cause = assertInstanceOf(ProtocolException.class, e.getCause());
    assertTrue(cause.getMessage().contains("HTTP/1.0 200 OK"));
  }

  @Test
  void a_silent_close_after_the_preamble_is_explained_as_an_untrusted_agent() {
    List<Object> seen = new ArrayList<>();
    EmbeddedChannel channel = agent(seen);
    channel.close();
    Throwable error =
        (Throwable) seen.stream().filter(Throwable.class::isInstance).findFirst().orElseThrow();
    assertTrue(error.getMessage().contains("does not trust"), error.getMessage());
    assertTrue(error.getMessage().contains("ABCDEF"), "names the agent's thumbprint");
  }

  private static EmbeddedChannel agent(List<Object> seen) {
    return new EmbeddedChannel(
        new SubscriberHandshakeHandler(
            SUBSCRIPTION,
            "ABCDEF0123456789ABCDEF0123456789ABCDEF01",
            SubscriberHandshakeHandler.Start.ON_CONNECT),
        recorder(seen));
  }

  private static ChannelInboundHandlerAdapter recorder(List<Object> seen) {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        seen.add(event);
      }

      @Override
      public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        seen.add(cause);
      }

      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ctx.fireChannelRead(msg);
      }
    };
  }
}
