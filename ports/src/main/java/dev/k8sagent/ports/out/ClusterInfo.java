package dev.k8sagent.ports.out;

import dev.k8sagent.domain.version.KubernetesVersion;
import java.util.Optional;

/** Facts about the cluster the agent runs in. */
public interface ClusterInfo {

  /** The API server's version, or empty while it cannot be learned (the API is unreachable). */
  Optional<KubernetesVersion> version();
}
