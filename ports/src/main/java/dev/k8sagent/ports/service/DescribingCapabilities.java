package dev.k8sagent.ports.service;

import dev.k8sagent.domain.version.SemanticVersion;
import dev.k8sagent.ports.in.AgentCapabilities;
import dev.k8sagent.ports.in.Capabilities;
import dev.k8sagent.ports.out.ClusterInfo;
import java.util.List;

/**
 * {@link Capabilities}: exactly the two services that tell the server to run its scripts in pods
 * through this agent, with the agent's and the cluster's versions.
 */
public final class DescribingCapabilities implements Capabilities {
  /** What a Kubernetes agent advertises; advertising more would change how the server drives it. */
  public static final List<String> SERVICES =
      List.of("IFileTransferService", "IKubernetesScriptServiceV1");

  private final SemanticVersion agentVersion;
  private final ClusterInfo clusterInfo;

  public DescribingCapabilities(SemanticVersion agentVersion, ClusterInfo clusterInfo) {
    this.agentVersion = agentVersion;
    this.clusterInfo = clusterInfo;
  }

  @Override
  public List<String> services() {
    return SERVICES;
  }

  /** Asks the cluster's version, which may wait for the API server. */
  @Override
  public AgentCapabilities capabilities() {
    return new AgentCapabilities(SERVICES, agentVersion, clusterInfo.version());
  }
}
