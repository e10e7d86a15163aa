package dev.k8sagent.bootstrap.bench;

import java.nio.file.Files;
import java.util.Map;

/**
 * The server simulator in a process of its own, so the agent's footprint can be measured apart from
 * it: prints the environment for {@code java -jar k8s-agent.jar run} (local pods) and serves until
 * killed. Used to measure start-up time to first poll and idle memory with 5 connections.
 */
public final class StandaloneSimulator {
  public static void main(String[] args) throws Exception {
    SimulatedServer server = SimulatedServer.start(Files.createTempDirectory("simulator-"));
    Map<String, String> env = server.agentEnvironment();
    env.put("K8SAGENT_PODS", "local");
    env.put("K8SAGENT_HTTP_PORT", "0");
    env.forEach((name, value) -> System.out.println("export " + name + "=" + value));
    System.out.flush();
    Thread.currentThread().join();
  }
}
