package dev.k8sagent.ports.content;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * File contents of a known length that can be read as a stream, possibly more than once. Contents
 * are never handed around as byte arrays: a 1 GiB package must not be in memory.
 */
public interface Content {
  /** The size of the reads {@link #transferTo} makes from {@link #open()}. */
  int TRANSFER_CHUNK = 64 * 1024;

  /** The number of bytes {@link #open()} yields. */
  long length();

  /** A new stream over the whole content; the caller closes it. */
  InputStream open() throws IOException;

  /**
   * Writes the whole content to {@code target} and returns the number of bytes written. A content
   * that already holds its bytes in buffers (a data stream as it arrives) hands those buffers to
   * {@code target} as they are, without copying them into a stream's array first; {@code target}
   * must use each buffer before its {@code write} returns. By default this reads {@link #open()}.
   */
  default long transferTo(WritableByteChannel target) throws IOException {
    try (InputStream in = open()) {
      return copy(in, target);
    }
  }

  /**
   * Writes what {@code from} yields to {@code target}, in reads of {@link #TRANSFER_CHUNK}, each
   * written whole; returns the number of bytes. Neither is closed.
   */
  static long copy(InputStream from, WritableByteChannel target) throws IOException {
    byte[] buffer = new byte[TRANSFER_CHUNK];
    long written = 0;
    int read;
    while ((read = from.read(buffer)) != -1) {
      ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, read);
      while (bytes.hasRemaining()) {
        target.write(bytes);
      }
      written += read;
    }
    return written;
  }

  /**
   * A new channel over the whole content; the caller closes it. A file's channel reads straight
   * into the caller's buffer (no array in between), which is how a data stream is sent. By default
   * this wraps {@link #open()}.
   */
  default ReadableByteChannel openChannel() throws IOException {
    return Channels.newChannel(open());
  }

  /**
   * A new stream starting {@code offset} bytes in (an output file read from where the last read
   * stopped). Implementations over files seek instead of reading the skipped bytes.
   */
  default InputStream openAt(long offset) throws IOException {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative, got " + offset);
    }
    InputStream in = open();
    try {
      in.skipNBytes(Math.min(offset, length()));
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
    return in;
  }

  /** A file on disk. */
  static Content ofFile(Path file) {
    try {
      long length = Files.size(file);
      return new Content() {
        @Override
        public long length() {
          return length;
        }

        @Override
        public InputStream open() throws IOException {
          return Files.newInputStream(file);
        }

        @Override
        public ReadableByteChannel openChannel() throws IOException {
          return FileChannel.open(file, StandardOpenOption.READ);
        }

        @Override
        public InputStream openAt(long offset) throws IOException {
          if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, got " + offset);
          }
          java.nio.channels.SeekableByteChannel channel = Files.newByteChannel(file);
          channel.position(offset);
          return java.nio.channels.Channels.newInputStream(channel);
        }

        @Override
        public String toString() {
          return file + " (" + length + " bytes)";
        }
      };
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the size of " + file, e);
    }
  }

  /** Small contents already in memory: scripts, tests. */
  static Content ofBytes(byte[] bytes) {
    byte[] copy = bytes.clone();
    return new Content() {
      @Override
      public long length() {
        return copy.length;
      }

      @Override
      public InputStream open() {
        return new ByteArrayInputStream(copy);
      }

      @Override
      public String toString() {
        return copy.length + " bytes";
      }
    };
  }

  /** UTF-8 text. */
  static Content ofText(String text) {
    return ofBytes(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
