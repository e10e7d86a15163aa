package dev.k8sagent.adapters.octopus.halibut.bson;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link BsonDocument} as Newtonsoft's {@code BsonDataWriter} would: int32 for {@link
 * Integer}, int64 for {@link Long}, UTC milliseconds for {@link Instant}, subtype 4 in .NET order
 * for {@link NetGuid}, explicit nulls, arrays keyed "0", "1", ….
 */
public final class BsonWriter {
  private BsonWriter() {}

  /** The most a thread's scratch buffer keeps between messages; a larger one is let go. */
  static final int SCRATCH_KEPT = 64 * 1024;

  private static final ThreadLocal<Output> SCRATCH = ThreadLocal.withInitial(Output::new);

  /** What is done with a document's bytes while they are still in the writer's buffer. */
  @FunctionalInterface
  public interface BytesUse<R> {
    /** Uses the first {@code length} bytes of {@code bson}; must not keep the array. */
    R use(byte[] bson, int length);
  }

  public static byte[] write(BsonDocument document) {
    return write(document, Arrays::copyOf);
  }

  /**
   * Writes {@code document} into this thread's scratch buffer and hands the bytes to {@code use}
   * there: a message sent often (a small RPC's envelope) is compressed from that buffer with no
   * array of its own, and the buffer grown for it is kept for the next one. A buffer grown past
   * {@link #SCRATCH_KEPT} is dropped afterwards, so one large message does not stay in memory.
   */
  public static <R> R write(BsonDocument document, BytesUse<R> use) {
    Output out = SCRATCH.get();
    if (out.size() != 0) {
      out = new Output(); // {@code use} wrote another document on this thread: not its buffer
    }
    try {
      writeDocument(out, document.fields());
      return use.use(out.buf, out.size());
    } finally {
      out.size = 0;
      if (out.buf.length > SCRATCH_KEPT) {
        out.buf = new byte[256];
      }
    }
  }

  private static void writeDocument(Output out, Map<String, Object> fields) {
    int start = out.size();
    out.int32(0);
    for (Map.Entry<String, Object> field : fields.entrySet()) {
      writeElement(out, field.getKey(), field.getValue());
    }
    out.write(0);
    out.patchInt32(start, out.size() - start);
  }

  private static void writeArray(Output out, List<?> values) {
    int start = out.size();
    out.int32(0);
    for (int i = 0; i < values.size(); i++) {
      writeElement(out, Integer.toString(i), values.get(i));
    }
    out.write(0);
    out.patchInt32(start, out.size() - start);
  }

  private static void writeElement(Output out, String name, Object value) {
    if (value instanceof String text) {
      out.write(0x02);
      out.cstring(name);
      int start = out.size();
      out.int32(0);
      out.text(text);
      out.write(0);
      out.patchInt32(start, out.size() - start - 4);
    } else if (value instanceof Integer number) {
      out.write(0x10);
      out.cstring(name);
      out.int32(number);
    } else if (value instanceof Long number) {
      out.write(0x12);
      out.cstring(name);
      out.int64(number);
    } else if (value instanceof Double number) {
      out.write(0x01);
      out.cstring(name);
      out.int64(Double.doubleToRawLongBits(number));
    } else if (value instanceof Boolean flag) {
      out.write(0x08);
      out.cstring(name);
      out.write(flag ? 1 : 0);
    } else if (value instanceof Instant instant) {
      out.write(0x09);
      out.cstring(name);
      out.int64(instant.toEpochMilli());
    } else if (value instanceof NetGuid guid) {
      out.write(0x05);
      out.cstring(name);
      out.int32(NetGuid.BYTES);
      out.write(0x04);
      byte[] bytes = guid.toNetBytes();
      out.write(bytes, 0, bytes.length);
    } else if (value instanceof BsonBinary binary) {
      out.write(0x05);
      out.cstring(name);
      byte[] bytes = binary.data();
      out.int32(bytes.length);
      out.write(binary.subtype());
      out.write(bytes, 0, bytes.length);
    } else if (value instanceof BsonDocument document) {
      out.write(0x03);
      out.cstring(name);
      writeDocument(out, document.fields());
    } else if (value instanceof List<?> list) {
      out.write(0x04);
      out.cstring(name);
      writeArray(out, list);
    } else if (value instanceof BsonNull) {
      out.write(0x0A);
      out.cstring(name);
    } else {
      throw new IllegalArgumentException(
          "Field '" + name + "': a " + value.getClass().getName() + " cannot be written as BSON");
    }
  }

  /**
   * A growing byte array written without locks: {@link java.io.ByteArrayOutputStream} takes its
   * monitor for every byte, and a message is written a byte at a time. Empty ({@code size} 0) when
   * not in use.
   */
  private static final class Output {
    private byte[] buf = new byte[256];
    private int size;

    int size() {
      return size;
    }

    void write(int value) {
      room(1);
      buf[size++] = (byte) value;
    }

    void write(byte[] bytes, int offset, int length) {
      room(length);
      System.arraycopy(bytes, offset, buf, size, length);
      size += length;
    }

    void int32(int value) {
      room(4);
      buf[size] = (byte) value;
      buf[size + 1] = (byte) (value >>> 8);
      buf[size + 2] = (byte) (value >>> 16);
      buf[size + 3] = (byte) (value >>> 24);
      size += 4;
    }

    void int64(long value) {
      room(8);
      for (int i = 0; i < 8; i++) {
        buf[size + i] = (byte) (value >>> (8 * i));
      }
      size += 8;
    }

    /** Whether every character of {@code text} is ASCII, which UTF-8 writes as one byte each. */
    private static boolean isAscii(String text) {
      for (int i = 0; i < text.length(); i++) {
        if (text.charAt(i) >= 0x80) {
          return false;
        }
      }
      return true;
    }

    /** Writes {@code text} as UTF-8: ASCII text byte by byte, without an encoder. */
    void text(String text) {
      if (isAscii(text)) {
        writeAscii(text);
      } else {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(bytes, 0, bytes.length);
      }
    }

    /** Writes text known to be {@link #isAscii}: its UTF-8 bytes, without encoding. */
    private void writeAscii(String text) {
      int length = text.length();
      room(length);
      for (int i = 0; i < length; i++) {
        buf[size + i] = (byte) text.charAt(i);
      }
      size += length;
    }

    void cstring(String name) {
      if (name.indexOf(0) >= 0) {
        throw new IllegalArgumentException("A BSON field name cannot contain a NUL character");
      }
      text(name);
      write(0);
    }

    void patchInt32(int at, int value) {
      buf[at] = (byte) value;
      buf[at + 1] = (byte) (value >>> 8);
      buf[at + 2] = (byte) (value >>> 16);
      buf[at + 3] = (byte) (value >>> 24);
    }

    private void room(int more) {
      if (more > buf.length - size) {
        long wanted = Math.max((long) size + more, 2L * buf.length);
        if ((long) size + more > Integer.MAX_VALUE - 8) {
          throw new IllegalArgumentException("A BSON document cannot be larger than 2 GiB");
        }
        buf = Arrays.copyOf(buf, (int) Math.min(wanted, Integer.MAX_VALUE - 8));
      }
    }
  }
}
