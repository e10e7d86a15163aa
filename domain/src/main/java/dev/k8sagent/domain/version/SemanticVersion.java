package dev.k8sagent.domain.version;

import dev.k8sagent.domain.Require;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Semantic Versioning 2.0.0 version ({@code 1.4.2}, {@code 2.0.0-rc.1+build.5}), ordered by the
 * spec's precedence rules: build metadata is ignored, a pre-release sorts before its release.
 */
public record SemanticVersion(int major, int minor, int patch, String preRelease, String build)
    implements Comparable<SemanticVersion> {

  private static final Pattern FORM =
      Pattern.compile(
          "v?(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
              + "(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?"
              + "(?:\\+([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?");

  public SemanticVersion {
    if (major < 0 || minor < 0 || patch < 0) {
      throw new IllegalArgumentException("Version numbers must not be negative");
    }
    preRelease = preRelease == null ? "" : preRelease;
    build = build == null ? "" : build;
  }

  public static SemanticVersion of(int major, int minor, int patch) {
    return new SemanticVersion(major, minor, patch, "", "");
  }

  public static SemanticVersion parse(String text) {
    Require.nonBlank(text, "Version");
    Matcher m = FORM.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a semantic version (expected e.g. 1.4.2 or 2.0.0-rc.1)");
    }
    return new SemanticVersion(
        Integer.parseInt(m.group(1)),
        Integer.parseInt(m.group(2)),
        Integer.parseInt(m.group(3)),
        m.group(4),
        m.group(5));
  }

  public boolean isPreRelease() {
    return !preRelease.isEmpty();
  }

  @Override
  public int compareTo(SemanticVersion other) {
    int c = Integer.compare(major, other.major);
    if (c == 0) {
      c = Integer.compare(minor, other.minor);
    }
    if (c == 0) {
      c = Integer.compare(patch, other.patch);
    }
    if (c == 0) {
      c = comparePreRelease(preRelease, other.preRelease);
    }
    return c;
  }

  /**
   * Spec §11: no pre-release beats any pre-release; identifiers compare numerically when numeric.
   */
  static int comparePreRelease(String a, String b) {
    if (a.equals(b)) {
      return 0;
    }
    if (a.isEmpty()) {
      return 1;
    }
    if (b.isEmpty()) {
      return -1;
    }
    List<String> left = List.of(a.split("\\."));
    List<String> right = List.of(b.split("\\."));
    for (int i = 0; i < Math.min(left.size(), right.size()); i++) {
      int c = compareIdentifier(left.get(i), right.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(left.size(), right.size());
  }

  private static int compareIdentifier(String a, String b) {
    boolean aNumeric = a.chars().allMatch(Character::isDigit);
    boolean bNumeric = b.chars().allMatch(Character::isDigit);
    if (aNumeric && bNumeric) {
      return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }
    if (aNumeric) {
      return -1;
    }
    if (bNumeric) {
      return 1;
    }
    return a.compareTo(b);
  }

  @Override
  public String toString() {
    return major
        + "."
        + minor
        + "."
        + patch
        + (preRelease.isEmpty() ? "" : "-" + preRelease)
        + (build.isEmpty() ? "" : "+" + build);
  }
}
