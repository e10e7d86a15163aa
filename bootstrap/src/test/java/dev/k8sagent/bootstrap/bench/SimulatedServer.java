package dev.k8sagent.bootstrap.bench;

import dev.k8sagent.adapters.octopus.identity.AgentCertificates;
import dev.k8sagent.adapters.octopus.identity.ServerAuthorities;
import dev.k8sagent.adapters.octopus.simulator.ServerSimulator;
import dev.k8sagent.adapters.octopus.simulator.SimulatedOctopusServer;
import dev.k8sagent.adapters.octopus.simulator.SimulatedRestApi;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * For benchmarks: the server simulator's REST API (over HTTPS, as a real server's) and polling
 * listener on loopback, with the space "Default" and the environment "Bench", and the environment
 * an agent needs to register with it, the REST API's certificate file included.
 */
record SimulatedServer(
    SimulatedOctopusServer octopus, SimulatedRestApi rest, int port, Path certificateFile)
    implements AutoCloseable {
  static final String TARGET = "bench";

  static SimulatedServer start(Path directory) throws IOException, InterruptedException {
    SimulatedOctopusServer octopus = SimulatedOctopusServer.withHttpsApi(directory);
    octopus.addEnvironment("Bench");
    Path certificateFile =
        Files.writeString(
            Files.createDirectories(directory).resolve("rest-certificate.pem"),
            AgentCertificates.pem(octopus.restCertificate().orElseThrow()));
    return new SimulatedServer(octopus, octopus.rest(), octopus.startPolling(), certificateFile);
  }

  /** A client that trusts the REST API's certificate. */
  HttpClient restClient() {
    return HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(10))
        .sslContext(
            ServerAuthorities.httpsContext(List.of(octopus.restCertificate().orElseThrow())))
        .build();
  }

  ServerSimulator polling() {
    return octopus.polling();
  }

  /** Registration and polling settings for an agent named {@link #TARGET}, with a fresh token. */
  Map<String, String> agentEnvironment() {
    Map<String, String> variables =
        octopus.agentVariables(port, rest.issueBearerToken(), TARGET, "Bench", "k8s");
    variables.put("K8SAGENT_SERVER_CERTIFICATE_FILE", certificateFile.toString());
    return variables;
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
