package dev.k8sagent.adapters.octopus.halibut.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates one message as its bytes arrive, in pieces of any size, and tells how many of the
 * offered bytes belonged to it: the rest (data streams, a control line) belongs to what follows,
 * because a message has no length prefix and ends only where its DEFLATE stream ends. A message
 * that inflates to more than the cap is refused before it is held in memory.
 *
 * <p>The inflated bytes are read in place ({@link #messageBytes()}), never copied, and a buffer
 * grown for a large message is let go by {@link #reset()}, so an idle connection holds a few
 * hundred bytes whatever it carried before. A caller sharing memory among connections can bound how
 * much one call may inflate ({@link #feed(ByteBuffer, int)}).
 */
public final class MessageInflater {
  private static final int CHUNK = 8192;
  private static final int KEPT_CAPACITY = 64 * 1024;

  private final int maxMessageBytes;
  private final Inflater inflater = new Inflater(true);
  private byte[] buffer = new byte[256];
  private int size;
  private long compressedBytes;

  public MessageInflater(int maxMessageBytes) {
    if (maxMessageBytes < 64) {
      throw new IllegalArgumentException("maxMessageBytes must be at least 64");
    }
    this.maxMessageBytes = maxMessageBytes;
  }

  /**
   * Offers bytes; returns how many were part of the message. When {@link #finished()} turns true
   * the remaining bytes were not touched.
   *
   * @throws ProtocolException when the bytes are not DEFLATE or the message is too large
   */
  public int feed(byte[] input, int offset, int length) {
    return feed(ByteBuffer.wrap(input, offset, length));
  }

  /**
   * As {@link #feed(byte[], int, int)}, reading the buffer's remaining bytes in place (a direct
   * buffer from the socket is not copied). The buffer's position is left as the inflater leaves it;
   * the return value is what counts.
   */
  public int feed(ByteBuffer input) {
    return feed(input, Integer.MAX_VALUE);
  }

  /**
   * As {@link #feed(ByteBuffer)}, inflating at most {@code allowance} more bytes: it stops there
   * and returns the input used so far (possibly none); offer the rest again once there is room.
   */
  public int feed(ByteBuffer input, int allowance) {
    if (inflater.finished()) {
      return 0;
    }
    int length = input.remaining();
    inflater.setInput(input);
    long inflatedNow = 0;
    try {
      while (true) {
        // one byte past the cap is enough to know the message is too large
        int room =
            (int) Math.min(Math.min(CHUNK, allowance - inflatedNow), maxMessageBytes + 1L - size);
        if (room <= 0) {
          int used = length - inflater.getRemaining();
          compressedBytes += used;
          return used;
        }
        if (buffer.length < size + room) {
          buffer =
              Arrays.copyOf(
                  buffer, Math.max(size + room, Math.min(buffer.length * 2, maxMessageBytes + 1)));
        }
        int produced = inflater.inflate(buffer, size, room);
        size += produced;
        inflatedNow += produced;
        if (size > maxMessageBytes) {
          throw new ProtocolException(
              "The message is larger than the "
                  + maxMessageBytes
                  + " bytes this agent accepts (halibut.max-message-bytes); refusing it");
        }
        if (inflater.finished()) {
          int used = length - inflater.getRemaining();
          compressedBytes += used;
          return used;
        }
        if (inflater.needsDictionary()) {
          throw new ProtocolException("The message is not raw DEFLATE: it asks for a dictionary");
        }
        if (produced == 0 && inflater.needsInput()) {
          compressedBytes += length;
          return length;
        }
      }
    } catch (DataFormatException e) {
      throw new ProtocolException("The message is not valid raw DEFLATE: " + e.getMessage(), e);
    }
  }

  public boolean finished() {
    return inflater.finished();
  }

  /** True when some bytes of a message have arrived but not its end. */
  public boolean started() {
    return compressedBytes > 0 || size > 0;
  }

  /** Bytes inflated so far for this message. */
  public int inflatedBytes() {
    return size;
  }

  /** A copy of the inflated message; only once {@link #finished()}. */
  public byte[] message() {
    return Arrays.copyOf(messageBytes(), size);
  }

  /**
   * The inflated message in place: the first {@link #inflatedBytes()} of the array; only once
   * {@link #finished()}, and only until {@link #reset()}.
   */
  public byte[] messageBytes() {
    if (!inflater.finished()) {
      throw new IllegalStateException("The message has not ended yet");
    }
    return buffer;
  }

  /** Ready for the next message; a buffer grown large is let go. */
  public void reset() {
    inflater.reset();
    size = 0;
    compressedBytes = 0;
    if (buffer.length > KEPT_CAPACITY) {
      buffer = new byte[256];
    }
  }

  public void close() {
    inflater.end();
  }
}
