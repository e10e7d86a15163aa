package dev.k8sagent.ports.out.contract;

import dev.k8sagent.ports.content.Content;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Content for the storage contract suites: text, a large pattern, and a stream that breaks. */
public final class TestStreams {
  private TestStreams() {}

  public static InputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  public static Optional<String> text(Optional<Content> content) {
    return content.map(
        c -> {
          try (InputStream in = c.open()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /** A deterministic stream of {@code size} bytes that is never held in memory. */
  public static final class PatternStream extends InputStream {
    private final long size;
    private long position;

    public PatternStream(long size) {
      this.size = size;
    }

    @Override
    public int read() {
      return position < size ? (int) ((position++ * 31 + 7) & 0xFF) : -1;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (position >= size) {
        return -1;
      }
      int n = (int) Math.min(length, size - position);
      for (int i = 0; i < n; i++) {
        buffer[offset + i] = (byte) ((position++ * 31 + 7) & 0xFF);
      }
      return n;
    }
  }

  /** A stream that breaks after {@code failAfter} bytes, as a dropped connection does. */
  public static final class FailingStream extends InputStream {
    private final long failAfter;
    private long position;

    public FailingStream(long failAfter) {
      this.failAfter = failAfter;
    }

    @Override
    public int read() throws IOException {
      if (position++ >= failAfter) {
        throw new IOException("connection dropped");
      }
      return 'x';
    }
  }
}
