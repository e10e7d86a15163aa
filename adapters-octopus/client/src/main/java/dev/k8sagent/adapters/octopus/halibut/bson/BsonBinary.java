package dev.k8sagent.adapters.octopus.halibut.bson;

import java.util.Arrays;

/** Binary data of a subtype other than 4 (a .NET {@code byte[]} is subtype 0). */
public record BsonBinary(byte subtype, byte[] data) {
  public BsonBinary {
    data = data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BsonBinary that
        && subtype == that.subtype
        && Arrays.equals(data, that.data);
  }

  @Override
  public int hashCode() {
    return 31 * subtype + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "BsonBinary[subtype=" + subtype + ", " + data.length + " bytes]";
  }
}
