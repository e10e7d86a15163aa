package dev.k8sagent.adapters.octopus.halibut.netty;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Finds ASCII delimiters in the readable bytes of a buffer without consuming them. Public because
 * the simulator's side of the handshake reads the same delimiters.
 */
public final class ByteSearch {
  private ByteSearch() {}

  /** The absolute index where the earliest of {@code needles} starts, or -1. */
  public static int indexOf(ByteBuf in, String... needles) {
    int best = -1;
    for (String text : needles) {
      byte[] needle = text.getBytes(StandardCharsets.US_ASCII);
      int last =
          best < 0
              ? in.writerIndex() - needle.length
              : Math.min(best - 1, in.writerIndex() - needle.length);
      for (int i = in.readerIndex(); i <= last; i++) {
        if (matches(in, i, needle)) {
          best = i;
          break;
        }
      }
    }
    return best;
  }

  private static boolean matches(ByteBuf in, int at, byte[] needle) {
    for (int j = 0; j < needle.length; j++) {
      if (in.getByte(at + j) != needle[j]) {
        return false;
      }
    }
    return true;
  }
}
