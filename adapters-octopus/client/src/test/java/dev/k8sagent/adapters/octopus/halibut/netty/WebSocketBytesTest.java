package dev.k8sagent.adapters.octopus.halibut.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.k8sagent.adapters.octopus.halibut.wire.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WebSocketBytesTest {

  @Test
  void the_upgrade_asks_for_the_octopus_sub_protocol_with_a_request_id() {
    EmbeddedChannel channel =
        new EmbeddedChannel(
            new HttpClientCodec(),
            new WebSocketClientProtocolHandler(
                WebSocketBytes.upgrade(
                    URI.create("wss://octopus.example:443/OctopusComms"),
                    8 << 20,
                    Duration.ofSeconds(10))));
    StringBuilder request = new StringBuilder();
    for (Object out; (out = channel.readOutbound()) != null; ) {
      request.append(((ByteBuf) out).toString(StandardCharsets.US_ASCII));
      ((ByteBuf) out).release();
    }
    String text = request.toString().toLowerCase(Locale.ROOT);
    assertTrue(text.startsWith("get /octopuscomms http/1.1\r\n"), text);
    assertTrue(text.contains("\r\nsec-websocket-protocol: octopus\r\n"), text);
    assertTrue(text.contains("\r\nupgrade: websocket\r\n"), text);
    assertTrue(
        text.matches("(?s).*\r\nx-octopus-requestid: [0-9a-f]{8}-[0-9a-f-]{27}\r\n.*"), text);
    assertFalse(text.contains("sec-websocket-extensions"), "no extension is offered");
    channel.finishAndReleaseAll();
  }

  @Test
  void after_the_upgrade_the_client_sends_mx_as_text_then_announces_the_stream_is_open() {
    List<Object> events = new ArrayList<>();
    EmbeddedChannel channel =
        new EmbeddedChannel(new WebSocketBytes(WebSocketBytes.Side.CLIENT), recorder(events));
    channel
        .pipeline()
        .fireUserEventTriggered(
            WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE);
    TextWebSocketFrame preamble = channel.readOutbound();
    assertEquals("MX", preamble.text());
    assertTrue(preamble.isFinalFragment(), "the preamble is a message of its own");
    preamble.release();
    assertTrue(events.contains(WebSocketBytes.OPEN));
  }

  @Test
  void the_identity_follows_the_text_preamble_without_a_second_preamble() {
    EmbeddedChannel channel =
        new EmbeddedChannel(
            new WebSocketBytes(WebSocketBytes.Side.CLIENT),
            new OutboundFrameEncoder(),
            new SubscriberHandshakeHandler(
                "poll://abcdefghjk23456789ab/",
                "ABCDEF0123456789ABCDEF0123456789ABCDEF01",
                SubscriberHandshakeHandler.Start.AFTER_WEBSOCKET_UPGRADE));
    assertNull(channel.readOutbound(), "nothing before the upgrade");
    channel
        .pipeline()
        .fireUserEventTriggered(
            WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE);
    TextWebSocketFrame preamble = channel.readOutbound();
    assertEquals("MX", preamble.text());
    preamble.release();
    BinaryWebSocketFrame identity = channel.readOutbound();
    assertEquals(
        "MX-SUBSCRIBER 1.0 poll://abcdefghjk23456789ab/\r\n\r\n",
        identity.content().toString(StandardCharsets.US_ASCII));
    identity.release();
  }

  @Test
  void writes_become_one_never_ending_binary_message_without_empty_frames() {
    EmbeddedChannel channel =
        new EmbeddedChannel(
            new WebSocket13FrameEncoder(false), new WebSocketBytes(WebSocketBytes.Side.SERVER));
    channel.writeOutbound(Unpooled.copiedBuffer("NEXT\r\n", StandardCharsets.US_ASCII));
    channel.writeOutbound(Unpooled.EMPTY_BUFFER);
    channel.writeOutbound(Unpooled.copiedBuffer("PROCEED\r\n", StandardCharsets.US_ASCII));
    byte[] wire = drain(channel);
    // FIN=0 + opcode 2 (binary), length 6, payload; then FIN=0 + opcode 0 (continuation)
    assertEquals(0x02, wire[0]);
    assertEquals(6, wire[1]);
    assertEquals("NEXT\r\n", new String(wire, 2, 6, StandardCharsets.US_ASCII));
    assertEquals(0x00, wire[8]);
    assertEquals(9, wire[9]);
    assertEquals("PROCEED\r\n", new String(wire, 10, 9, StandardCharsets.US_ASCII));
    assertEquals(19, wire.length, "the empty write sent no frame");
  }

  @Test
  void a_large_write_is_split_into_frames_that_carry_every_byte_in_order() {
    EmbeddedChannel channel = new EmbeddedChannel(new WebSocketBytes(WebSocketBytes.Side.CLIENT));
    byte[] payload = new byte[3 * WebSocketBytes.MAX_FRAME_PAYLOAD + 100];
    new Random(7).nextBytes(payload);
    assertTrue(channel.writeOutbound(Unpooled.wrappedBuffer(payload)));
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    int frames = 0;
    for (WebSocketFrame frame; (frame = channel.readOutbound()) != null; frames++) {
      assertFalse(frame.isFinalFragment());
      assertTrue(frame.content().readableBytes() <= WebSocketBytes.MAX_FRAME_PAYLOAD);
      if (frames == 0) {
        assertInstanceOf(BinaryWebSocketFrame.class, frame);
      } else {
        assertInstanceOf(ContinuationWebSocketFrame.class, frame);
      }
      byte[] bytes = new byte[frame.content().readableBytes()];
      frame.content().readBytes(bytes);
      joined.writeBytes(bytes);
      frame.release();
    }
    assertEquals(4, frames);
    assertTrue(java.util.Arrays.equals(payload, joined.toByteArray()));
  }

  @Test
  void frame_payloads_are_handed_on_as_bytes_and_empty_frames_are_skipped() {
    EmbeddedChannel channel = new EmbeddedChannel(new WebSocketBytes(WebSocketBytes.Side.CLIENT));
    channel.writeInbound(
        new BinaryWebSocketFrame(
            false, 0, Unpooled.copiedBuffer("MX-SER", StandardCharsets.UTF_8)));
    channel.writeInbound(new ContinuationWebSocketFrame(false, 0, Unpooled.EMPTY_BUFFER));
    channel.writeInbound(
        new ContinuationWebSocketFrame(
            false, 0, Unpooled.copiedBuffer("VER 1.0\r\n\r\n", StandardCharsets.UTF_8)));
    StringBuilder read = new StringBuilder();
    int pieces = 0;
    for (ByteBuf piece; (piece = channel.readInbound()) != null; pieces++) {
      read.append(piece.toString(StandardCharsets.UTF_8));
      piece.release();
    }
    assertEquals("MX-SERVER 1.0\r\n\r\n", read.toString());
    assertEquals(2, pieces);
  }

  @Test
  void the_server_turns_the_text_preamble_into_the_tcp_preamble() {
    EmbeddedChannel channel = new EmbeddedChannel(new WebSocketBytes(WebSocketBytes.Side.SERVER));
    channel.writeInbound(new TextWebSocketFrame("MX"));
    ByteBuf preamble = channel.readInbound();
    assertEquals("MX\r\n\r\n", preamble.toString(StandardCharsets.US_ASCII));
    preamble.release();
  }

  @Test
  void text_where_only_binary_belongs_is_a_protocol_error_naming_it() {
    EmbeddedChannel client = new EmbeddedChannel(new WebSocketBytes(WebSocketBytes.Side.CLIENT));
    ProtocolException e =
        assertThrows(
            ProtocolException.class, () -> client.writeInbound(new TextWebSocketFrame("hi")));
    assertTrue(e.getMessage().contains("'hi'"), e.getMessage());

    EmbeddedChannel server = new EmbeddedChannel(new WebSocketBytes(WebSocketBytes.Side.SERVER));
    ProtocolException wrongPreamble =
        assertThrows(
            ProtocolException.class, () -> server.writeInbound(new TextWebSocketFrame("GET /")));
    assertTrue(wrongPreamble.getMessage().contains("MX"), wrongPreamble.getMessage());
  }

  private static byte[] drain(EmbeddedChannel channel) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (ByteBuf buf; (buf = channel.readOutbound()) != null; ) {
      byte[] bytes = new byte[buf.readableBytes()];
      buf.readBytes(bytes);
      out.writeBytes(bytes);
      buf.release();
    }
    return out.toByteArray();
  }

  private static ChannelInboundHandlerAdapter recorder(List<Object> events) {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        events.add(event);
      }
    };
  }
}
