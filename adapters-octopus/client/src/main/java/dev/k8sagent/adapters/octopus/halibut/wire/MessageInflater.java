package dev.k8sagent.adapters.octopus.halibut.wire;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates one message as its bytes arrive, in pieces of any size, and tells how many of the
 * offered bytes belonged to it: the rest (data streams, a control line) belongs to what follows,
 * because a message has no length prefix and ends only where its DEFLATE stream ends. A message
 * that inflates to more than the cap is refused before it is held in memory.
 */
public final class MessageInflater {
  private final int maxMessageBytes;
  private final Inflater inflater = new Inflater(true);
  private final ByteArrayOutputStream message = new ByteArrayOutputStream(256);
  private final byte[] chunk = new byte[8192];
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
    if (inflater.finished()) {
      return 0;
    }
    int length = input.remaining();
    inflater.setInput(input);
    try {
      while (true) {
        int produced = inflater.inflate(chunk);
        if (produced > 0) {
          if (message.size() + produced > maxMessageBytes) {
            throw new ProtocolException(
                "The message is larger than the "
                    + maxMessageBytes
                    + " bytes this agent accepts (halibut.max-message-bytes); refusing it");
          }
          message.write(chunk, 0, produced);
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
    return compressedBytes > 0 || message.size() > 0;
  }

  /** The inflated message; only once {@link #finished()}. */
  public byte[] message() {
    if (!inflater.finished()) {
      throw new IllegalStateException("The message has not ended yet");
    }
    return message.toByteArray();
  }

  /** Ready for the next message. */
  public void reset() {
    inflater.reset();
    message.reset();
    compressedBytes = 0;
  }

  public void close() {
    inflater.end();
  }
}
