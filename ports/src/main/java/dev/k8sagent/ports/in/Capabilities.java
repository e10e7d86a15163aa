package dev.k8sagent.ports.in;

import java.util.List;

/** What this agent offers the server. */
public interface Capabilities {

  /**
   * The services the server may call, answered at once from what the agent is: no I/O and no
   * waiting, so the network thread that read a request may answer it. The same list as {@link
   * #capabilities()} gives.
   */
  List<String> services();

  /** The services the server may call, the agent's version and, when known, the cluster's. */
  AgentCapabilities capabilities();
}
