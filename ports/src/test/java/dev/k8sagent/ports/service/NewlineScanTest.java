package dev.k8sagent.ports.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The reader's newline scan, eight bytes at a time, finds what a byte-by-byte scan finds. */
class NewlineScanTest {

  @Test
  void finds_the_first_newline_at_every_place_and_alignment() {
    for (int length = 0; length <= 40; length++) {
      for (int newline = -1; newline < length; newline++) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, (byte) 0x8A); // a newline with the high bit set, not one
        if (newline >= 0) {
          bytes[newline] = '\n';
        }
        for (int from = 0; from <= length; from++) {
          assertThat(ScriptOutputReader.indexOfNewline(bytes, from, length))
              .as("length %d, newline at %d, from %d", length, newline, from)
              .isEqualTo(naive(bytes, from, length));
        }
      }
    }
  }

  @Test
  void random_bytes_scan_as_byte_by_byte() {
    SplittableRandom random = new SplittableRandom(14);
    for (int i = 0; i < 20_000; i++) {
      byte[] bytes = new byte[random.nextInt(1, 100)];
      random.nextBytes(bytes);
      for (int k = random.nextInt(3); k > 0; k--) {
        bytes[random.nextInt(bytes.length)] = '\n';
      }
      int from = random.nextInt(bytes.length);
      int to = random.nextInt(from, bytes.length + 1);

      assertThat(ScriptOutputReader.indexOfNewline(bytes, from, to))
          .isEqualTo(naive(bytes, from, to));
    }
  }

  private static int naive(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
