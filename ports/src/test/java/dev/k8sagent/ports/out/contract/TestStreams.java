package dev.k8sagent.ports.out.contract;

import dev.k8sagent.ports.content.Content;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** Content for the storage contract suites: text, a large pattern, and a stream that breaks. */
public final class TestStreams {
  private TestStreams() {}

  public static InputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Content that yields {@code in} once, declaring {@code length} bytes: a stream from the server,
   * which may break before its end.
   */
  public static Content once(InputStream in, long length) {
    java.util.concurrent.atomic.AtomicBoolean opened =
        new java.util.concurrent.atomic.AtomicBoolean();
    return new Content() {
      @Override
      public long length() {
        return length;
      }

      @Override
      public InputStream open() throws IOException {
        if (opened.getAndSet(true)) {
          throw new IOException("this content can be read only once");
        }
        return in;
      }
    };
  }

  /**
   * Content that hands {@code parts} to a store as buffers, several in one gathering write where
   * the store takes one, as a data stream arriving from the server does; with {@code failing} it
   * then breaks before its declared end.
   */
  public static Content handedOver(List<byte[]> parts, boolean failing) {
    long whole = parts.stream().mapToLong(part -> part.length).sum();
    return new Content() {
      @Override
      public long length() {
        return failing ? whole + 1 : whole;
      }

      @Override
      public InputStream open() {
        throw new UnsupportedOperationException("handed over only");
      }

      @Override
      public long transferTo(WritableByteChannel target) throws IOException {
        ByteBuffer[] buffers = parts.stream().map(ByteBuffer::wrap).toArray(ByteBuffer[]::new);
        if (target instanceof GatheringByteChannel gathering) {
          while (buffers[buffers.length - 1].hasRemaining()) {
            gathering.write(buffers);
          }
        } else {
          for (ByteBuffer buffer : buffers) {
            while (buffer.hasRemaining()) {
              target.write(buffer);
            }
          }
        }
        if (failing) {
          throw new IOException("the connection closed before the data stream arrived whole");
        }
        return whole;
      }
    };
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
