package dev.k8sagent.domain.version;

import dev.k8sagent.domain.Require;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Octopus Server version: {@code <year>.<release>.<build>}, optionally a fourth number, and
 * optionally a pre-release suffix ({@code 2024.2.6580}, {@code 2025.1.1234-ci0005}, {@code
 * 2024.3.0.12}). A pre-release sorts before the release with the same numbers.
 */
public record OctopusServerVersion(
    int year, int release, int build, int revision, String preRelease)
    implements Comparable<OctopusServerVersion> {

  private static final Pattern FORM =
      Pattern.compile(
          "(\\d{1,9})\\.(\\d{1,9})\\.(\\d{1,9})(?:\\.(\\d{1,9}))?(?:-([0-9A-Za-z.-]+))?");

  public OctopusServerVersion {
    preRelease = preRelease == null ? "" : preRelease;
  }

  public static OctopusServerVersion of(int year, int release, int build) {
    return new OctopusServerVersion(year, release, build, 0, "");
  }

  public static OctopusServerVersion parse(String text) {
    Require.nonBlank(text, "Octopus Server version");
    Matcher m = FORM.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not an Octopus Server version (expected e.g. 2024.2.6580)");
    }
    return new OctopusServerVersion(
        Integer.parseInt(m.group(1)),
        Integer.parseInt(m.group(2)),
        Integer.parseInt(m.group(3)),
        m.group(4) == null ? 0 : Integer.parseInt(m.group(4)),
        m.group(5));
  }

  public boolean isPreRelease() {
    return !preRelease.isEmpty();
  }

  public boolean isAtLeast(OctopusServerVersion other) {
    return compareTo(other) >= 0;
  }

  @Override
  public int compareTo(OctopusServerVersion other) {
    int c = Integer.compare(year, other.year);
    if (c == 0) {
      c = Integer.compare(release, other.release);
    }
    if (c == 0) {
      c = Integer.compare(build, other.build);
    }
    if (c == 0) {
      c = Integer.compare(revision, other.revision);
    }
    if (c == 0) {
      c = SemanticVersion.comparePreRelease(preRelease, other.preRelease);
    }
    return c;
  }

  @Override
  public String toString() {
    return year
        + "."
        + release
        + "."
        + build
        + (revision == 0 ? "" : "." + revision)
        + (preRelease.isEmpty() ? "" : "-" + preRelease);
  }
}
