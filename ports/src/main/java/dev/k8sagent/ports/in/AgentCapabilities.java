package dev.k8sagent.ports.in;

import dev.k8sagent.domain.version.KubernetesVersion;
import dev.k8sagent.domain.version.SemanticVersion;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The services advertised to the server (a Kubernetes agent advertises exactly {@code
 * IFileTransferService} and {@code IKubernetesScriptServiceV1}), with versions for diagnostics.
 */
public record AgentCapabilities(
    List<String> services,
    SemanticVersion agentVersion,
    Optional<KubernetesVersion> clusterVersion) {
  public AgentCapabilities {
    services = List.copyOf(services);
    Objects.requireNonNull(agentVersion, "agentVersion");
    Objects.requireNonNull(clusterVersion, "clusterVersion");
  }
}
