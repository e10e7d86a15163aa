package dev.k8sagent.adapters.octopus.halibut.bson;

import java.util.Objects;
import java.util.UUID;

/**
 * A .NET {@code Guid}. On the wire (BSON binary subtype 4, and data-stream headers) it is written
 * as {@code Guid.ToByteArray()} does: the first three groups little-endian, the last eight bytes as
 * written. Java's {@link UUID} is big-endian throughout, so the first eight bytes are reordered.
 */
public record NetGuid(UUID uuid) {
  public static final int BYTES = 16;

  public NetGuid {
    Objects.requireNonNull(uuid, "uuid");
  }

  public static NetGuid random() {
    return new NetGuid(UUID.randomUUID());
  }

  public static NetGuid parse(String text) {
    return new NetGuid(UUID.fromString(text));
  }

  /** Reads 16 bytes in .NET order starting at {@code offset}. */
  public static NetGuid fromNetBytes(byte[] bytes, int offset) {
    if (bytes.length - offset < BYTES) {
      throw new BsonFormatException(
          "A Guid needs 16 bytes, only " + (bytes.length - offset) + " left");
    }
    long high =
        (long) (bytes[offset + 3] & 0xff) << 56
            | (long) (bytes[offset + 2] & 0xff) << 48
            | (long) (bytes[offset + 1] & 0xff) << 40
            | (long) (bytes[offset] & 0xff) << 32
            | (long) (bytes[offset + 5] & 0xff) << 24
            | (long) (bytes[offset + 4] & 0xff) << 16
            | (long) (bytes[offset + 7] & 0xff) << 8
            | (long) (bytes[offset + 6] & 0xff);
    long low = 0;
    for (int i = 8; i < 16; i++) {
      low = low << 8 | (bytes[offset + i] & 0xff);
    }
    return new NetGuid(new UUID(high, low));
  }

  /** The 16 bytes in .NET order. */
  public byte[] toNetBytes() {
    byte[] out = new byte[BYTES];
    long high = uuid.getMostSignificantBits();
    long low = uuid.getLeastSignificantBits();
    out[0] = (byte) (high >>> 32);
    out[1] = (byte) (high >>> 40);
    out[2] = (byte) (high >>> 48);
    out[3] = (byte) (high >>> 56);
    out[4] = (byte) (high >>> 16);
    out[5] = (byte) (high >>> 24);
    out[6] = (byte) high;
    out[7] = (byte) (high >>> 8);
    for (int i = 15; i >= 8; i--) {
      out[i] = (byte) low;
      low >>>= 8;
    }
    return out;
  }

  @Override
  public String toString() {
    return uuid.toString();
  }
}
