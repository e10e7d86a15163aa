package dev.k8sagent.adapters.k8s;

import dev.k8sagent.domain.version.KubernetesVersion;
import dev.k8sagent.ports.out.ClusterInfo;
import dev.k8sagent.ports.out.contract.ClusterInfoContract;
import java.util.Optional;

class FixedClusterInfoTest extends ClusterInfoContract {
  @Override
  protected ClusterInfo clusterReporting(KubernetesVersion version) {
    return new FixedClusterInfo(Optional.of(version));
  }
}
