package dev.k8sagent.domain.target;

import dev.k8sagent.domain.Require;

/**
 * The name the agent shows in Octopus. It may be any readable text; the Kubernetes names derived
 * from it (namespace and Helm release name base) are its {@link #kubernetesName() normalised form}.
 * A name that normalises to nothing, or is too long to be a useful display name, is refused.
 */
public record TargetName(String displayName) {
  public static final int MAX_LENGTH = 200;

  public TargetName {
    Require.nonBlank(displayName, "Target name (TargetName)");
    displayName = displayName.strip();
    if (displayName.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "Target name (TargetName) is longer than " + MAX_LENGTH + " characters");
    }
    DnsLabel.normalise(displayName);
  }

  /** The DNS-1123 label for this name: "Prod Cluster #1" → "prod-cluster-1". */
  public DnsLabel kubernetesName() {
    return DnsLabel.normalise(displayName);
  }

  /** True when the display name is already a valid Kubernetes name. */
  public boolean isKubernetesName() {
    return kubernetesName().value().equals(displayName);
  }

  @Override
  public String toString() {
    return displayName;
  }
}
