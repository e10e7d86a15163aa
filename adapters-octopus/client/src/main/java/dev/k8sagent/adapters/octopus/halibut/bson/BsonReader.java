package dev.k8sagent.adapters.octopus.halibut.bson;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads one BSON document from bytes that came off the network, so every length is checked against
 * what is there before anything is allocated from it, and nesting is limited to 64 levels
 * (Json.NET's own limit). Any problem is a {@link BsonFormatException} that names it and its byte
 * offset.
 *
 * <p>It keeps only the values: an array element's name is checked against its index in place,
 * without making a string of it, and ASCII text (nearly every name and value the server sends) is
 * turned into a string without a decoder, so a message with hundreds of thousands of elements costs
 * little more than its values.
 */
public final class BsonReader {
  public static final int MAX_DEPTH = 64;

  private final byte[] bytes;
  private final int limit;
  private CharsetDecoder decoder; // made for the first text that is not ASCII
  private int position;

  private BsonReader(byte[] bytes, int limit) {
    this.bytes = bytes;
    this.limit = limit;
  }

  /** Reads a document that must fill {@code bytes} exactly. */
  public static BsonDocument read(byte[] bytes) {
    return read(bytes, bytes.length);
  }

  /** Reads a document that must fill the first {@code length} of {@code bytes} exactly. */
  public static BsonDocument read(byte[] bytes, int length) {
    if (length < 0 || length > bytes.length) {
      throw new IllegalArgumentException("length " + length + " is outside the buffer");
    }
    BsonReader reader = new BsonReader(bytes, length);
    BsonDocument document = reader.document(0);
    if (reader.position != length) {
      throw new BsonFormatException(
          (length - reader.position) + " bytes follow the end of the BSON document");
    }
    return document;
  }

  private BsonDocument document(int depth) {
    BsonDocument document = new BsonDocument();
    int end = open(depth);
    while (position < end - 1) {
      int type = u8();
      String name = cstring(end);
      if (document.has(name)) {
        // Json.NET never writes a name twice; two values for one field would be ambiguous.
        throw error("field '" + name + "' appears twice");
      }
      document.putRead(name, value(type, name, end, depth));
    }
    close(end);
    return document;
  }

  private List<Object> array(int depth) {
    List<Object> values = new ArrayList<>();
    int end = open(depth);
    while (position < end - 1) {
      int type = u8();
      int index = values.size();
      if (!indexName(end, index)) {
        throw error("array element " + index + " is missing or out of order");
      }
      values.add(value(type, "(array element)", end, depth));
    }
    close(end);
    return Collections.unmodifiableList(values);
  }

  private int open(int depth) {
    if (depth >= MAX_DEPTH) {
      throw error("documents are nested more than " + MAX_DEPTH + " deep");
    }
    int start = position;
    int length = int32();
    if (length < 5 || length > limit - start) {
      throw new BsonFormatException(
          "BSON document at byte "
              + start
              + " declares "
              + length
              + " bytes but "
              + (limit - start)
              + " are there");
    }
    return start + length;
  }

  private void close(int end) {
    if (position != end - 1 || bytes[position] != 0) {
      throw error("the document does not end where its length says");
    }
    position++;
  }

  private Object value(int type, String name, int end, int depth) {
    switch (type) {
      case 0x01:
        need(8, name);
        return Double.longBitsToDouble(int64());
      case 0x02:
        return string(name, end);
      case 0x03:
        return document(depth + 1);
      case 0x04:
        return array(depth + 1);
      case 0x05:
        return binary(name, end);
      case 0x08:
        need(1, name);
        int flag = u8();
        if (flag > 1) {
          throw error("field '" + name + "' is a boolean with value " + flag);
        }
        return flag == 1;
      case 0x09:
        need(8, name);
        return Instant.ofEpochMilli(int64());
      case 0x0A:
        return BsonNull.NULL;
      case 0x10:
        need(4, name);
        return int32();
      case 0x12:
        need(8, name);
        return int64();
      default:
        throw error(
            "field '"
                + name
                + "' has BSON type 0x"
                + Integer.toHexString(type)
                + ", not supported");
    }
  }

  private String string(String name, int end) {
    need(4, name);
    int length = int32();
    if (length < 1 || length > end - position) {
      throw error("string field '" + name + "' declares " + length + " bytes");
    }
    if (bytes[position + length - 1] != 0) {
      throw error("string field '" + name + "' is not terminated by NUL");
    }
    String text = utf8(position, length - 1, name);
    position += length;
    return text;
  }

  private Object binary(String name, int end) {
    need(5, name);
    int length = int32();
    int subtype = u8();
    if (length < 0 || length > end - position) {
      throw error("binary field '" + name + "' declares " + length + " bytes");
    }
    int start = position;
    position += length;
    if (subtype == 0x04) {
      if (length != NetGuid.BYTES) {
        throw error("Guid field '" + name + "' has " + length + " bytes instead of 16");
      }
      return NetGuid.fromNetBytes(bytes, start);
    }
    byte[] data = new byte[length];
    System.arraycopy(bytes, start, data, 0, length);
    return new BsonBinary((byte) subtype, data);
  }

  /** Reads an array element's name, which must be its index in decimal, without a string. */
  private boolean indexName(int end, int index) {
    int digits = index < 10 ? 1 : (int) Math.log10(index) + 1;
    if (end - position < digits + 1 || bytes[position + digits] != 0) {
      return false;
    }
    for (int i = digits - 1, rest = index; i >= 0; i--, rest /= 10) {
      if (bytes[position + i] != '0' + rest % 10) {
        return false;
      }
    }
    position += digits + 1;
    return true;
  }

  private String cstring(int end) {
    int start = position;
    while (position < end && bytes[position] != 0) {
      position++;
    }
    if (position >= end) {
      throw new BsonFormatException("A field name starting at byte " + start + " has no end");
    }
    String name = utf8(start, position - start, "(name)");
    position++;
    return name;
  }

  private String utf8(int start, int length, String field) {
    boolean ascii = true;
    for (int i = start; i < start + length && ascii; i++) {
      ascii = bytes[i] >= 0;
    }
    if (ascii) {
      return new String(bytes, start, length, StandardCharsets.ISO_8859_1);
    }
    if (decoder == null) {
      decoder =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT);
    }
    try {
      return decoder.reset().decode(java.nio.ByteBuffer.wrap(bytes, start, length)).toString();
    } catch (CharacterCodingException e) {
      throw error("field '" + field + "' is not valid UTF-8");
    }
  }

  private void need(int count, String name) {
    if (limit - position < count) {
      throw error("field '" + name + "' is cut short");
    }
  }

  private int u8() {
    if (position >= limit) {
      throw error("the document ends early");
    }
    return bytes[position++] & 0xff;
  }

  private int int32() {
    if (limit - position < 4) {
      throw error("the document ends early");
    }
    int value =
        (bytes[position] & 0xff)
            | (bytes[position + 1] & 0xff) << 8
            | (bytes[position + 2] & 0xff) << 16
            | (bytes[position + 3] & 0xff) << 24;
    position += 4;
    return value;
  }

  private long int64() {
    long low = int32() & 0xffffffffL;
    long high = int32() & 0xffffffffL;
    return high << 32 | low;
  }

  private BsonFormatException error(String what) {
    return new BsonFormatException("Bad BSON at byte " + position + ": " + what);
  }
}
