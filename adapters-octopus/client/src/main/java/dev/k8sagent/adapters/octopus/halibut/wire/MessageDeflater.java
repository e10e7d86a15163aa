package dev.k8sagent.adapters.octopus.halibut.wire;

import java.io.ByteArrayOutputStream;
import java.util.zip.Deflater;

/**
 * Compresses one message as .NET's {@code DeflateStream} does: raw DEFLATE, finished, no header.
 */
public final class MessageDeflater {
  private MessageDeflater() {}

  /** A deflater set as .NET's: raw, default level; reset between messages to reuse it. */
  public static Deflater newDeflater() {
    return new Deflater(Deflater.DEFAULT_COMPRESSION, true);
  }

  public static byte[] deflate(byte[] bson) {
    Deflater deflater = newDeflater();
    try {
      deflater.setInput(bson);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, bson.length / 2));
      byte[] chunk = new byte[8192];
      while (!deflater.finished()) {
        int produced = deflater.deflate(chunk);
        out.write(chunk, 0, produced);
      }
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }
}
