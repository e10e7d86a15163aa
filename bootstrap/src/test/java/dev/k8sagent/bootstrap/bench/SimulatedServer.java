package dev.k8sagent.bootstrap.bench;

import dev.k8sagent.adapters.octopus.simulator.ServerSimulator;
import dev.k8sagent.adapters.octopus.simulator.SimulatedOctopusServer;
import dev.k8sagent.adapters.octopus.simulator.SimulatedRestApi;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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
    Map<String, String> env = new LinkedHashMap<>();
    env.put("ACCEPT_EULA", "Y");
    env.put("ServerUrl", rest.url().toString());
    env.put("ServerCommsAddress", "https://localhost:" + port + "/");
    env.put("BearerToken", rest.issueBearerToken());
    env.put("TargetName", TARGET);
    env.put("TargetEnvironment", "Bench");
    env.put("TargetRole", "k8s");
    return env;
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
