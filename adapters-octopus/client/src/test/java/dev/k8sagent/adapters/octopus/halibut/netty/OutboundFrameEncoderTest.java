package dev.k8sagent.adapters.octopus.halibut.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k8sagent.adapters.octopus.halibut.wire.MessageDeflater;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The encoder's reused deflater writes the bytes a fresh one writes, message after message and
 * connection after connection on one thread.
 */
class OutboundFrameEncoderTest {
  @Test
  void each_message_of_a_connection_is_compressed_as_if_it_were_the_first() {
    EmbeddedChannel channel = new EmbeddedChannel(new OutboundFrameEncoder());
    byte[] large = new byte[300_000];
    new Random(7).nextBytes(large);
    for (int i = 0; i < large.length; i += 3) {
      large[i] = 'a'; // compressible in part, so the output spans several deflate calls
    }
    List<byte[]> envelopes =
        List.of(
            "first small message".getBytes(StandardCharsets.UTF_8),
            large,
            new byte[0],
            "first small message".getBytes(StandardCharsets.UTF_8));

    for (byte[] envelope : envelopes) {
      assertCompressedAsAlone(channel, envelope);
    }
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @Test
  void connections_sharing_a_thread_compress_their_messages_as_each_would_alone() {
    EmbeddedChannel first = new EmbeddedChannel(new OutboundFrameEncoder());
    EmbeddedChannel second = new EmbeddedChannel(new OutboundFrameEncoder());
    for (int i = 0; i < 20; i++) {
      EmbeddedChannel channel = i % 3 == 0 ? second : first;
      byte[] envelope =
          ("message " + i + " of a connection, " + "padding ".repeat(i))
              .getBytes(StandardCharsets.UTF_8);
      assertCompressedAsAlone(channel, envelope);
    }
    first.close();
    assertThat(second.finishAndReleaseAll()).isFalse();
  }

  private static void assertCompressedAsAlone(EmbeddedChannel channel, byte[] envelope) {
    channel.writeOutbound(new OutboundFrame.Message(envelope, List.of()));
    ByteBuf written = channel.readOutbound();
    try {
      assertThat(ByteBufUtil.getBytes(written)).isEqualTo(MessageDeflater.deflate(envelope));
    } finally {
      written.release();
    }
  }
}
