package dev.k8sagent.adapters.octopus.halibut.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.k8sagent.adapters.octopus.halibut.bson.NetGuid;
import dev.k8sagent.adapters.octopus.halibut.message.DataStreamRef;
import dev.k8sagent.adapters.octopus.halibut.message.Envelope;
import dev.k8sagent.adapters.octopus.halibut.message.RequestMessage;
import dev.k8sagent.adapters.octopus.halibut.wire.DataStreamFrame;
import dev.k8sagent.adapters.octopus.halibut.wire.MessageDeflater;
import dev.k8sagent.adapters.octopus.halibut.wire.ProtocolException;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ResourceLeakDetector;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InboundFrameDecoderTest {
  private static final NetGuid STREAM = NetGuid.parse("9a4b47b7-7463-4740-842e-eb1da0ade39b");
  private static final byte[] PAYLOAD = "hello, file".getBytes(StandardCharsets.UTF_8);

  @BeforeAll
  static void paranoidLeakDetection() {
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
  }

  @Test
  void a_request_its_stream_and_the_control_lines_arrive_in_order_whole() {
    List<String> frames = decode(exchange(), exchange().length);
    assertEquals(expected(), frames);
  }

  @Test
  void the_same_bytes_split_one_by_one_give_the_same_frames() {
    List<String> frames = decode(exchange(), 1);
    assertEquals(expected(), frames);
  }

  @Test
  void the_same_bytes_split_in_odd_pieces_give_the_same_frames() {
    assertEquals(expected(), decode(exchange(), 7));
    assertEquals(expected(), decode(exchange(), 33));
  }

  @Test
  void after_a_keep_alive_the_server_reads_next_without_a_message_before_it() {
    EmbeddedChannel channel = channel();
    channel.pipeline().get(InboundFrameDecoder.class).expectControlLine();
    channel.writeInbound(
        io.netty.buffer.Unpooled.copiedBuffer(
            "NEXT\r\n", java.nio.charset.StandardCharsets.US_ASCII));
    assertEquals(
        new InboundFrame.Control(dev.k8sagent.adapters.octopus.halibut.wire.ControlLine.NEXT),
        channel.readInbound());
  }

  @Test
  void an_unknown_control_word_is_a_protocol_error() {
    byte[] wire = concat(nullRequest(), bytes("NEXTT\r\n"));
    ProtocolException e = failure(wire);
    assertTrue(e.getMessage().contains("NEXTT"), e.getMessage());
  }

  @Test
  void a_control_line_ended_by_a_bare_newline_is_a_protocol_error() {
    assertTrue(failure(concat(nullRequest(), bytes("PROCEED\n"))).getMessage().contains("CRLF"));
  }

  @Test
  void garbage_instead_of_a_message_is_a_protocol_error() {
    assertTrue(failure(bytes("GET / HTTP/1.1\r\n\r\n")).getMessage().contains("DEFLATE"));
  }

  @Test
  void a_connection_closed_mid_message_is_reported() {
    byte[] message = request();
    EmbeddedChannel channel = channel();
    channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOf(message, message.length / 2)));
    DecoderException e = assertThrows(DecoderException.class, channel::finish);
    assertInstanceOf(ProtocolException.class, e.getCause());
    assertTrue(e.getCause().getMessage().contains("middle of a message"));
  }

  @Test
  void a_trailer_that_disagrees_with_the_header_is_a_size_mismatch() {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    wire.writeBytes(request());
    wire.writeBytes(DataStreamFrame.header(STREAM, PAYLOAD.length));
    wire.writeBytes(PAYLOAD);
    wire.writeBytes(DataStreamFrame.trailer(PAYLOAD.length + 1));
    assertTrue(failure(wire.toByteArray()).getMessage().contains("size mismatch"));
  }

  @Test
  void a_stream_frame_whose_length_differs_from_the_declared_one_is_refused_and_dropped() {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    wire.writeBytes(request());
    wire.writeBytes(DataStreamFrame.header(STREAM, 20));
    wire.writeBytes(new byte[20]);
    wire.writeBytes(DataStreamFrame.trailer(20));
    wire.writeBytes(bytes("PROCEED\r\n"));
    assertEquals(
        List.of(
            "message IFileTransferService.UploadFile streams=1",
            "refused " + STREAM,
            "end 20",
            "control PROCEED"),
        decode(wire.toByteArray(), 3));
  }

  @Test
  void a_stream_over_the_cap_is_refused_and_its_bytes_never_passed_on() {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    wire.writeBytes(request());
    wire.writeBytes(DataStreamFrame.header(STREAM, PAYLOAD.length));
    wire.writeBytes(PAYLOAD);
    wire.writeBytes(DataStreamFrame.trailer(PAYLOAD.length));
    EmbeddedChannel channel = new EmbeddedChannel(new InboundFrameDecoder(1 << 20, 4));
    channel.writeInbound(Unpooled.wrappedBuffer(wire.toByteArray()));
    assertInstanceOf(InboundFrame.Message.class, channel.readInbound());
    InboundFrame.StreamRefused refused =
        assertInstanceOf(InboundFrame.StreamRefused.class, channel.readInbound());
    assertTrue(refused.reason().contains("at most 4"), refused.reason());
    assertInstanceOf(InboundFrame.StreamEnd.class, channel.readInbound());
  }

  @Test
  void a_negative_stream_length_is_a_protocol_error() {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    wire.writeBytes(request());
    wire.writeBytes(DataStreamFrame.header(STREAM, -1));
    assertTrue(failure(wire.toByteArray()).getMessage().contains("negative"));
  }

  @Test
  void a_stream_other_than_the_announced_one_is_refused() {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    wire.writeBytes(request());
    wire.writeBytes(DataStreamFrame.header(NetGuid.random(), PAYLOAD.length));
    assertTrue(failure(wire.toByteArray()).getMessage().contains("Unexpected data stream"));
  }

  @Test
  void a_message_over_the_cap_is_refused_without_holding_it() {
    byte[] big = new byte[64 * 1024];
    RequestMessage request =
        new RequestMessage(
            "id",
            STREAM,
            "IFileTransferService",
            "UploadFile",
            List.of(new String(big, StandardCharsets.ISO_8859_1)));
    byte[] wire = MessageDeflater.deflate(Envelope.request(Optional.of(request)));
    EmbeddedChannel channel = new EmbeddedChannel(new InboundFrameDecoder(16 * 1024, 1 << 20));
    DecoderException e =
        assertThrows(
            DecoderException.class, () -> channel.writeInbound(Unpooled.wrappedBuffer(wire)));
    assertTrue(e.getCause().getMessage().contains("larger than"));
  }

  private static List<String> expected() {
    return List.of(
        "message IFileTransferService.UploadFile streams=1",
        "chunk " + new String(PAYLOAD, StandardCharsets.UTF_8),
        "end " + PAYLOAD.length,
        "control PROCEED",
        "message null streams=0",
        "control PROCEED");
  }

  private static byte[] exchange() {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    wire.writeBytes(request());
    wire.writeBytes(DataStreamFrame.header(STREAM, PAYLOAD.length));
    wire.writeBytes(PAYLOAD);
    wire.writeBytes(DataStreamFrame.trailer(PAYLOAD.length));
    wire.writeBytes(bytes("\r\nPROCEED\r\n"));
    wire.writeBytes(nullRequest());
    wire.writeBytes(bytes("PROCEED\r\n"));
    return wire.toByteArray();
  }

  private static byte[] request() {
    RequestMessage request =
        new RequestMessage(
            "IFileTransferService::UploadFileAsync[1] / x",
            NetGuid.random(),
            "IFileTransferService",
            "UploadFile",
            List.of("Work/a.txt", new DataStreamRef(STREAM, PAYLOAD.length).toTypedBson()));
    return MessageDeflater.deflate(Envelope.request(Optional.of(request)));
  }

  private static byte[] nullRequest() {
    return MessageDeflater.deflate(Envelope.request(Optional.empty()));
  }

  private static List<String> decode(byte[] wire, int pieceSize) {
    EmbeddedChannel channel = channel();
    for (int i = 0; i < wire.length; i += pieceSize) {
      channel.writeInbound(
          Unpooled.wrappedBuffer(
              Arrays.copyOfRange(wire, i, Math.min(wire.length, i + pieceSize))));
    }
    channel.finish();
    List<String> frames = new ArrayList<>();
    StringBuilder chunks = new StringBuilder();
    Object frame;
    while ((frame = channel.readInbound()) != null) {
      if (frame instanceof InboundFrame.StreamChunk chunk) {
        chunks.append(chunk.bytes().toString(StandardCharsets.UTF_8));
        chunk.release();
        continue;
      }
      if (chunks.length() > 0) {
        frames.add("chunk " + chunks);
        chunks.setLength(0);
      }
      if (frame instanceof InboundFrame.Message message) {
        frames.add(
            "message "
                + Envelope.readRequest(message.envelope())
                    .map(r -> r.service() + "." + r.method())
                    .orElse("null")
                + " streams="
                + message.streams().size());
      } else if (frame instanceof InboundFrame.StreamRefused refused) {
        frames.add("refused " + refused.id());
      } else if (frame instanceof InboundFrame.StreamEnd end) {
        frames.add("end " + end.length());
      } else if (frame instanceof InboundFrame.Control control) {
        frames.add("control " + control.line());
      }
    }
    return frames;
  }

  private static ProtocolException failure(byte[] wire) {
    EmbeddedChannel channel = channel();
    DecoderException e =
        assertThrows(
            DecoderException.class,
            () -> {
              channel.writeInbound(Unpooled.wrappedBuffer(wire));
              channel.finish();
            });
    Object frame;
    while ((frame = channel.readInbound()) != null) {
      if (frame instanceof InboundFrame.StreamChunk chunk) {
        chunk.release();
      }
    }
    return assertInstanceOf(ProtocolException.class, e.getCause());
  }

  private static EmbeddedChannel channel() {
    return new EmbeddedChannel(new InboundFrameDecoder(4 * 1024 * 1024, 1L << 40));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
