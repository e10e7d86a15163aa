package dev.k8sagent.bootstrap.bench;

import dev.k8sagent.adapters.octopus.InMemoryOctopusServerApi;
import dev.k8sagent.adapters.octopus.identity.AgentCertificates;
import dev.k8sagent.adapters.octopus.identity.LoadedIdentity;
import dev.k8sagent.adapters.octopus.simulator.ServerSimulator;
import dev.k8sagent.adapters.octopus.simulator.SimulatedRestApi;
import dev.k8sagent.domain.version.OctopusServerVersion;
import dev.k8sagent.ports.out.ResourceKind;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * For benchmarks: the server simulator's REST API and polling listener on loopback, with the space
 * "Default" and the environment "Bench", and the environment an agent needs to register with it.
 */
record SimulatedServer(
    InMemoryOctopusServerApi data,
    String space,
    SimulatedRestApi rest,
    ServerSimulator polling,
    int port)
    implements AutoCloseable {
  static final String TARGET = "bench";

  static SimulatedServer start(Path directory) throws IOException, InterruptedException {
    LoadedIdentity identity =
        AgentCertificates.load(
            AgentCertificates.generate("Octopus", Clock.systemUTC(), new SecureRandom()));
    InMemoryOctopusServerApi data =
        new InMemoryOctopusServerApi(OctopusServerVersion.parse("2025.1.1"), identity.thumbprint());
    String space = data.addSpace("Default");
    data.add(space, ResourceKind.ENVIRONMENT, "Bench");
    SimulatedRestApi rest = new SimulatedRestApi(data);
    ServerSimulator server =
        new ServerSimulator(identity, data::isRegistered, Duration.ofSeconds(30), directory);
    return new SimulatedServer(data, space, rest, server, server.start(0));
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
    String machine = data.findMachine(space, TARGET).orElseThrow().id();
    return data.registration(machine).orElseThrow().subscriptionId().uri();
  }

  @Override
  public void close() {
    polling.close();
    rest.close();
  }
}
