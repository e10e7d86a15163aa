package dev.k8sagent.ports.out.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k8sagent.domain.version.KubernetesVersion;
import dev.k8sagent.ports.out.ClusterInfo;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ClusterInfo} must do. {@link #clusterReporting(KubernetesVersion)} sets up the
 * implementation in front of a cluster that reports the given version.
 */
public abstract class ClusterInfoContract {

  protected abstract ClusterInfo clusterReporting(KubernetesVersion version);

  @Test
  void reports_the_cluster_version() {
    KubernetesVersion version = KubernetesVersion.parse("v1.29.3");

    assertThat(clusterReporting(version).version())
        .hasValueSatisfying(v -> assertThat(v.minorVersion()).isEqualTo("1.29"))
        .hasValueSatisfying(v -> assertThat(v.patch()).isEqualTo(3));
  }

  @Test
  void keeps_vendor_versions_comparable() {
    KubernetesVersion version = KubernetesVersion.parse("v1.30.2-eks-036c24b");

    assertThat(clusterReporting(version).version().orElseThrow().compareTo(version)).isZero();
  }

  @Test
  void answers_the_same_when_asked_again() {
    ClusterInfo info = clusterReporting(KubernetesVersion.parse("v1.28.1+k3s1"));

    assertThat(info.version()).isEqualTo(info.version());
  }
}
