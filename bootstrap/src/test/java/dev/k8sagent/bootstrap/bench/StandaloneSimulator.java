package dev.k8sagent.bootstrap.bench;

import dev.k8sagent.adapters.octopus.InMemoryOctopusServerApi;
import dev.k8sagent.adapters.octopus.identity.AgentCertificates;
import dev.k8sagent.adapters.octopus.identity.LoadedIdentity;
import dev.k8sagent.adapters.octopus.simulator.ServerSimulator;
import dev.k8sagent.adapters.octopus.simulator.SimulatedRestApi;
import dev.k8sagent.domain.version.OctopusServerVersion;
import dev.k8sagent.ports.out.ResourceKind;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/**
 * The server simulator in a process of its own, so the agent's footprint can be measured apart from
 * it: prints the environment for {@code java -jar k8s-agent.jar run} (local pods) and serves until
 * killed. Used to measure start-up time to first poll and idle memory with 5 connections.
 */
public final class StandaloneSimulator {
  public static void main(String[] args) throws Exception {
    LoadedIdentity identity =
        AgentCertificates.load(
            AgentCertificates.generate("Octopus", Clock.systemUTC(), new SecureRandom()));
    InMemoryOctopusServerApi data =
        new InMemoryOctopusServerApi(OctopusServerVersion.parse("2025.1.1"), identity.thumbprint());
    String space = data.addSpace("Default");
    data.add(space, ResourceKind.ENVIRONMENT, "Bench");
    SimulatedRestApi rest = new SimulatedRestApi(data);
    ServerSimulator server =
        new ServerSimulator(
            identity,
            data::isRegistered,
            Duration.ofSeconds(30),
            Files.createTempDirectory("simulator-"));
    int port = server.start(0);
    System.out.println("export ACCEPT_EULA=Y");
    System.out.println("export ServerUrl=" + rest.url());
    System.out.println("export ServerCommsAddress=https://localhost:" + port + "/");
    System.out.println("export BearerToken=" + rest.issueBearerToken());
    System.out.println("export TargetName=bench TargetEnvironment=Bench TargetRole=k8s");
    System.out.println("export K8SAGENT_PODS=local K8SAGENT_HTTP_PORT=0");
    System.out.flush();
    Thread.currentThread().join();
  }
}
