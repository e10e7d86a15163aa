package dev.k8sagent.adapters.octopus.halibut.bson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The thread's scratch buffer hands each document its own bytes, whatever was written before. */
class BsonWriterTest {
  private static final byte[] SMALL = {
    // {"a": "b"}: length 14, string element "a", value length 2, "b", end
    14, 0, 0, 0, 0x02, 'a', 0, 2, 0, 0, 0, 'b', 0, 0
  };

  @Test
  void a_document_written_while_another_is_in_use_does_not_overwrite_it() {
    BsonDocument outer = new BsonDocument().put("a", "b");
    BsonDocument inner = new BsonDocument().put("inner", "x".repeat(40));

    byte[][] innerBytes = new byte[1][];
    byte[] outerBytes =
        BsonWriter.write(
            outer,
            (bson, length) -> {
              innerBytes[0] = BsonWriter.write(inner);
              return Arrays.copyOf(bson, length);
            });

    assertThat(outerBytes).isEqualTo(SMALL);
    assertThat(BsonReader.read(innerBytes[0])).isEqualTo(inner);
  }

  @Test
  void a_small_document_after_a_large_one_gets_only_its_own_bytes() {
    byte[] large = new byte[BsonWriter.SCRATCH_KEPT * 2];
    Arrays.fill(large, (byte) 7);
    BsonWriter.write(new BsonDocument().put("big", new BsonBinary((byte) 0, large)));

    int[] seenLength = new int[1];
    byte[] small =
        BsonWriter.write(
            new BsonDocument().put("a", "b"),
            (bson, length) -> {
              seenLength[0] = length;
              return Arrays.copyOf(bson, length);
            });

    assertThat(seenLength[0]).isEqualTo(SMALL.length);
    assertThat(small).isEqualTo(SMALL);
  }

  @Test
  void a_document_that_cannot_be_written_leaves_the_buffer_clean_for_the_next() {
    BsonDocument bad = new BsonDocument().put("ok", "text").put("bad\0name", "x");
    assertThatThrownBy(() -> BsonWriter.write(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NUL");

    assertThat(BsonWriter.write(new BsonDocument().put("a", "b"))).isEqualTo(SMALL);
  }
}
