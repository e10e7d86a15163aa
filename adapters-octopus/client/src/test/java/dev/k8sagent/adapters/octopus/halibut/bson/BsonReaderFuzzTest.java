package dev.k8sagent.adapters.octopus.halibut.bson;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;

/**
 * Bytes off the network: whatever arrives, the reader either returns a document or throws {@link
 * BsonFormatException} — never another exception, never an allocation from an untrusted length. A
 * document it accepts is written back byte for byte. {@code JAZZER_FUZZ=1 ./mvnw -pl
 * adapters-octopus test -Dtest=BsonReaderFuzzTest} explores new inputs.
 */
class BsonReaderFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void any_bytes_give_a_document_or_a_format_error(@NotNull byte[] bytes) {
    BsonDocument document;
    try {
      document = BsonReader.read(bytes);
    } catch (BsonFormatException expected) {
      return;
    }
    assertArrayEquals(bytes, BsonWriter.write(document));
  }
}
