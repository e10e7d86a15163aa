package dev.k8sagent.domain.version;

/** A machine policy's "machine updates" choice for Kubernetes agents. */
public enum AgentUpdatePolicy {
  /** The server upgrades the agent when a newer chart is available. */
  AUTOMATIC,
  /** Upgrades happen only when a person asks for them. */
  MANUAL
}
