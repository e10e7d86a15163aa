package dev.k8sagent.adapters.octopus.halibut.wire;

import dev.k8sagent.adapters.octopus.halibut.bson.NetGuid;

/**
 * The binary header and trailer around each data stream's bytes: 16 bytes of id (.NET order), the
 * length as int64 little-endian, the bytes, the same length again.
 */
public final class DataStreamFrame {
  public static final int HEADER_BYTES = NetGuid.BYTES + Long.BYTES;
  public static final int TRAILER_BYTES = Long.BYTES;

  private DataStreamFrame() {}

  public static byte[] header(NetGuid id, long length) {
    byte[] out = new byte[HEADER_BYTES];
    System.arraycopy(id.toNetBytes(), 0, out, 0, NetGuid.BYTES);
    putLong(out, NetGuid.BYTES, length);
    return out;
  }

  public static byte[] trailer(long length) {
    byte[] out = new byte[TRAILER_BYTES];
    putLong(out, 0, length);
    return out;
  }

  public static long readLong(byte[] bytes, int offset) {
    long value = 0;
    for (int i = 7; i >= 0; i--) {
      value = value << 8 | (bytes[offset + i] & 0xff);
    }
    return value;
  }

  private static void putLong(byte[] out, int offset, long value) {
    for (int i = 0; i < 8; i++) {
      out[offset + i] = (byte) (value >>> (8 * i));
    }
  }
}
