package dev.k8sagent.domain.version;

import dev.k8sagent.domain.Require;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes API server version as {@code /version} reports it: {@code v1.29.3}, {@code
 * v1.30.0-eks-036c24b}, {@code v1.28.1+k3s1}. Only major, minor and patch take part in comparisons;
 * the vendor suffix is kept for display.
 */
public record KubernetesVersion(int major, int minor, int patch, String suffix)
    implements Comparable<KubernetesVersion> {

  private static final Pattern GIT_VERSION =
      Pattern.compile("v?(\\d{1,4})\\.(\\d{1,4})(?:\\.(\\d{1,6}))?([-+].*)?");

  public KubernetesVersion {
    if (major < 0 || minor < 0 || patch < 0) {
      throw new IllegalArgumentException("Kubernetes version numbers must not be negative");
    }
    suffix = suffix == null ? "" : suffix;
  }

  public static KubernetesVersion of(int major, int minor) {
    return new KubernetesVersion(major, minor, 0, "");
  }

  /** Parses a {@code gitVersion} such as {@code v1.30.0-eks-036c24b}. */
  public static KubernetesVersion parse(String gitVersion) {
    Require.nonBlank(gitVersion, "Kubernetes version");
    Matcher m = GIT_VERSION.matcher(gitVersion.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + gitVersion + "' is not a Kubernetes version (expected e.g. v1.29.3)");
    }
    return new KubernetesVersion(
        Integer.parseInt(m.group(1)),
        Integer.parseInt(m.group(2)),
        m.group(3) == null ? 0 : Integer.parseInt(m.group(3)),
        m.group(4));
  }

  /**
   * From the {@code major} and {@code minor} fields of {@code /version}, which some providers
   * decorate ({@code "28+"} on GKE and EKS): everything but the digits is ignored.
   */
  public static KubernetesVersion fromMajorMinor(String major, String minor) {
    return new KubernetesVersion(digits(major, "major"), digits(minor, "minor"), 0, "");
  }

  private static int digits(String field, String name) {
    String digits = field == null ? "" : field.replaceAll("[^0-9]", "");
    if (digits.isEmpty() || digits.length() > 4) {
      throw new IllegalArgumentException(
          "Kubernetes " + name + " version '" + field + "' holds no number");
    }
    return Integer.parseInt(digits);
  }

  /** "1.29". */
  public String minorVersion() {
    return major + "." + minor;
  }

  @Override
  public int compareTo(KubernetesVersion other) {
    int c = Integer.compare(major, other.major);
    if (c == 0) {
      c = Integer.compare(minor, other.minor);
    }
    return c != 0 ? c : Integer.compare(patch, other.patch);
  }

  @Override
  public String toString() {
    return "v" + major + "." + minor + "." + patch + suffix;
  }
}
