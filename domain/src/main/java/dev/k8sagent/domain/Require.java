package dev.k8sagent.domain;

import java.util.Objects;

/** Small argument checks whose failures read well in a start-up error or a task log. */
public final class Require {
  private Require() {}

  /** The value itself, or an error naming {@code what} when it is null, empty or only spaces. */
  public static String nonBlank(String value, String what) {
    Objects.requireNonNull(what, "what");
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return value;
  }

  /** The value itself, or an error naming {@code what} when it is null. */
  public static <T> T present(T value, String what) {
    if (value == null) {
      throw new IllegalArgumentException(what + " is required");
    }
    return value;
  }

  /** Quotes a user-supplied value for an error message, shortening very long ones. */
  public static String quote(String value) {
    if (value == null) {
      return "null";
    }
    String shown = value.length() > 80 ? value.substring(0, 77) + "..." : value;
    return "'" + shown + "'";
  }
}
