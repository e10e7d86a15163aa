package dev.k8sagent.bootstrap.archfixture;

/** Breaks "only the demo uses the server simulator": the agent's runtime starting a stand-in. */
public class RuntimeUsingTheSimulator {
  public dev.k8sagent.adapters.octopus.simulator.ServerSimulator server;
}
