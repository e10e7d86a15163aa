package dev.k8sagent.ports.in;

/** What this agent offers the server. */
public interface Capabilities {

  /** The services the server may call, the agent's version and, when known, the cluster's. */
  AgentCapabilities capabilities();
}
