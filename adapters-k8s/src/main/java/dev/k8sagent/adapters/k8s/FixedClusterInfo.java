package dev.k8sagent.adapters.k8s;

import dev.k8sagent.domain.version.KubernetesVersion;
import dev.k8sagent.ports.out.ClusterInfo;
import java.util.Objects;
import java.util.Optional;

/** {@link ClusterInfo} for a cluster of a known version: local runs, the demo and tests. */
public final class FixedClusterInfo implements ClusterInfo {
  private final Optional<KubernetesVersion> version;

  public FixedClusterInfo(Optional<KubernetesVersion> version) {
    this.version = Objects.requireNonNull(version, "version");
  }

  public static FixedClusterInfo of(String gitVersion) {
    return new FixedClusterInfo(Optional.of(KubernetesVersion.parse(gitVersion)));
  }

  @Override
  public Optional<KubernetesVersion> version() {
    return version;
  }
}
