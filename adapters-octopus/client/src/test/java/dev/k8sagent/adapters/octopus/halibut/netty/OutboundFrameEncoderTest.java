package dev.k8sagent.adapters.octopus.halibut.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k8sagent.adapters.octopus.halibut.bson.BsonBinary;
import dev.k8sagent.adapters.octopus.halibut.bson.BsonDocument;
import dev.k8sagent.adapters.octopus.halibut.bson.BsonWriter;
import dev.k8sagent.adapters.octopus.halibut.wire.MessageDeflater;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
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
    List<BsonDocument> envelopes =
        List.of(
            envelope("first small message"),
            new BsonDocument().put("Message", new BsonBinary((byte) 0, large)),
            new BsonDocument(),
            envelope("first small message"));

    for (BsonDocument envelope : envelopes) {
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
      assertCompressedAsAlone(
          channel, envelope("message " + i + " of a connection, " + "padding ".repeat(i)));
    }
    first.close();
    assertThat(second.finishAndReleaseAll()).isFalse();
  }

  private static BsonDocument envelope(String text) {
    return new BsonDocument().put("Message", text);
  }

  private static void assertCompressedAsAlone(EmbeddedChannel channel, BsonDocument envelope) {
    channel.writeOutbound(new OutboundFrame.Message(envelope, List.of()));
    ByteBuf written = channel.readOutbound();
    try {
      assertThat(ByteBufUtil.getBytes(written))
          .isEqualTo(MessageDeflater.deflate(BsonWriter.write(envelope)));
    } finally {
      written.release();
    }
  }
}
