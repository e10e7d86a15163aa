package dev.k8sagent.domain.task;

import java.util.Locale;

/** Which stream an output line came from, with the wire value and the runner's spelling. */
public enum OutputSource {
  STDOUT(0, "stdout"),
  STDERR(1, "stderr"),
  DEBUG(2, "debug");

  private final int wireValue;
  private final String token;

  OutputSource(int wireValue, String token) {
    this.wireValue = wireValue;
    this.token = token;
  }

  public int wireValue() {
    return wireValue;
  }

  /**
   * The word used in the output file's line format: {@code stdout}, {@code stderr}, {@code debug}.
   */
  public String token() {
    return token;
  }

  public static OutputSource fromToken(String token) {
    String lower = token == null ? "" : token.toLowerCase(Locale.ROOT);
    for (OutputSource source : values()) {
      if (source.token.equals(lower)) {
        return source;
      }
    }
    throw new IllegalArgumentException(
        "Unknown output source '" + token + "' (expected stdout, stderr or debug)");
  }

  public static OutputSource fromWire(int value) {
    for (OutputSource source : values()) {
      if (source.wireValue == value) {
        return source;
      }
    }
    throw new IllegalArgumentException("Unknown output source " + value + " (expected 0, 1 or 2)");
  }
}
