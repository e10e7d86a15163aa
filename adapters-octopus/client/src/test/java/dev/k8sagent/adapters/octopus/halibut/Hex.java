package dev.k8sagent.adapters.octopus.halibut;

import java.util.HexFormat;

/** Test helper: hex with spaces allowed. */
public final class Hex {
  private Hex() {}

  public static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex.replace(" ", "").replace("\n", ""));
  }

  public static String of(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
