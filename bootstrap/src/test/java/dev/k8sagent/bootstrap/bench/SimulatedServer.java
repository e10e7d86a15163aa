package dev.k8sagent.bootstrap.bench;

import dev.k8sagent.adapters.octopus.simulator.ServerSimulator;
import dev.k8sagent.adapters.octopus.simulator.SimulatedOctopusServer;
import dev.k8sagent.adapters.octopus.simulator.SimulatedRestApi;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * For benchmarks: the server simulator's REST API and polling listener on loopback, with the space
 * "Default" and the environment "Bench", and the environment an agent needs to register with it.
 */
record SimulatedServer(SimulatedOctopusServer octopus, SimulatedRestApi rest, int port)
    implements AutoCloseable {
  static final String TARGET = "bench";

  static SimulatedServer start(Path directory) throws IOException, InterruptedException {
    SimulatedOctopusServer octopus = SimulatedOctopusServer.create(directory);
    octopus.addEnvironment("Bench");
    return new SimulatedServer(octopus, octopus.rest(), octopus.startPolling());
  }

  ServerSimulator polling() {
    return octopus.polling();
  }

  /** Registration and polling settings for an agent named {@link #TARGET}, with a fresh token. */
  Map<String, String> agentEnvironment() {
    return octopus.agentVariables(port, rest.issueBearerToken(), TARGET, "Bench", "k8s");
  }

  /** The polling subscription the registered agent gave the server. */
  String subscription() {
    return octopus.subscriptionOf(TARGET);
  }

  @Override
  public void close() {
    octopus.close();
  }
}
