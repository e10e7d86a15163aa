package dev.k8sagent.bootstrap.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.typesafe.config.ConfigFactory;
import dev.k8sagent.adapters.octopus.InMemoryOctopusServerApi;
import dev.k8sagent.adapters.octopus.identity.AgentCertificates;
import dev.k8sagent.adapters.octopus.identity.LoadedIdentity;
import dev.k8sagent.adapters.octopus.simulator.ScriptServiceCalls;
import dev.k8sagent.adapters.octopus.simulator.ServerSimulator;
import dev.k8sagent.adapters.octopus.simulator.SimulatedRestApi;
import dev.k8sagent.bootstrap.config.AgentSettings;
import dev.k8sagent.domain.version.OctopusServerVersion;
import dev.k8sagent.ports.out.ResourceKind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole agent as {@code run} starts it (local pods), against the simulator's REST and polling.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AgentRuntimeTest {
  @TempDir Path home;
  private final LoadedIdentity serverIdentity =
      AgentCertificates.load(
          AgentCertificates.generate("Octopus", Clock.systemUTC(), new SecureRandom()));
  private final InMemoryOctopusServerApi data =
      new InMemoryOctopusServerApi(
          OctopusServerVersion.parse("2025.1.1"), serverIdentity.thumbprint());
  private SimulatedRestApi rest;
  private ServerSimulator server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (rest != null) {
      rest.close();
    }
  }

  private Map<String, String> environment(int pollingPort, String token) {
    Map<String, String> env = new HashMap<>();
    env.put("ACCEPT_EULA", "Y");
    env.put("ServerUrl", rest.url().toString());
    env.put("ServerCommsAddress", "https://localhost:" + pollingPort + "/");
    env.put("BearerToken", token);
    env.put("TargetName", "local-agent");
    env.put("TargetEnvironment", "Dev");
    env.put("TargetRole", "k8s");
    env.put("TentaclePollingConnectionCount", "2");
    env.put("TentacleHome", home.toString());
    env.put("K8SAGENT_PODS", "local");
    env.put("K8SAGENT_HTTP_PORT", "0");
    return env;
  }

  private static AgentRuntime runtime(Map<String, String> env) {
    AgentSettings settings = AgentSettings.from(ConfigFactory.load(), env);
    return Guice.createInjector(new AgentModule(settings, env)).getInstance(AgentRuntime.class);
  }

  @Test
  void registers_once_polls_runs_a_task_answers_probes_and_stops_cleanly() throws Exception {
    String space = data.addSpace("Default");
    data.add(space, ResourceKind.ENVIRONMENT, "Dev");
    rest = new SimulatedRestApi(data);
    server =
        new ServerSimulator(
            serverIdentity, data::isRegistered, Duration.ofSeconds(30), home.resolve(".sim"));
    int pollingPort = server.start(0);
    String token = rest.issueBearerToken();

    AgentRuntime agent = runtime(environment(pollingPort, token));
    int healthPort = agent.start();
    await(() -> agent.connectedCount() == 2, "both connections to poll");
    assertThat(get(healthPort, "/readyz").statusCode()).isEqualTo(200);
    assertThat(get(healthPort, "/healthz").body()).isEqualTo("ok\n");

    String subscription = subscriptionOf(space);
    ScriptServiceCalls calls = new ScriptServiceCalls(server, subscription, Duration.ofSeconds(20));
    ScriptServiceCalls.Status status =
        calls.startScript("t-1", "ServerTasks-1", "echo from run", List.of());
    long sequence = 0;
    StringBuilder output = new StringBuilder();
    while (!status.isComplete()) {
      status.logs().forEach(l -> output.append(l.text()).append('\n'));
      sequence = Math.max(sequence, status.nextLogSequence());
      Thread.sleep(100);
      status = calls.status("t-1", sequence);
    }
    status.logs().forEach(l -> output.append(l.text()).append('\n'));
    assertThat(status.exitCode()).isZero();
    assertThat(output.toString()).contains("from run");
    calls.complete("t-1", status.nextLogSequence());

    String metrics = get(healthPort, "/metrics").body();
    assertThat(metrics)
        .contains("k8sagent_polling_connections 2")
        .contains("k8sagent_tasks{state=\"complete\"} 0")
        .contains("k8sagent_pod_start_seconds_count 1")
        .contains("k8sagent_storage_healthy 1")
        .contains(
            "k8sagent_requests_total{service=\"IKubernetesScriptServiceV1\",method=\"StartScript\"} 1");

    agent.stop();
    await(() -> server.subscriberCount() == 0, "the server to see every connection closed");

    // A restart with an expired token: registered before, so it does not register again.
    rest.expire(token);
    AgentRuntime restarted = runtime(environment(pollingPort, token));
    restarted.start();
    await(() -> restarted.connectedCount() == 2, "the restarted agent to poll");
    assertThat(data.findMachine(space, "local-agent")).isPresent();
    restarted.stop();
  }

  @Test
  void over_a_websocket_the_https_certificate_is_verified_with_the_certificate_file_and_pinned()
      throws Exception {
    LoadedIdentity https =
        AgentCertificates.load(
            AgentCertificates.generate("localhost", Clock.systemUTC(), new SecureRandom()));
    String space = data.addSpace("Default");
    data.add(space, ResourceKind.ENVIRONMENT, "Dev");
    rest = new SimulatedRestApi(data);
    server =
        new ServerSimulator(
            https, data::isRegistered, Duration.ofSeconds(30), home.resolve(".sim"));
    int port = server.startWebSocket(0);
    Path pem = home.resolve("server.pem");
    java.nio.file.Files.writeString(
        pem,
        "-----BEGIN CERTIFICATE-----\n"
            + java.util.Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(https.certificate().getEncoded())
            + "\n-----END CERTIFICATE-----\n");
    Map<String, String> env = environment(port, rest.issueBearerToken());
    env.put("ServerCommsAddress", "wss://localhost:" + port + "/OctopusComms");
    env.put("K8SAGENT_SERVER_CERTIFICATE_FILE", pem.toString());

    AgentRuntime agent = runtime(env);
    agent.start();
    await(() -> agent.connectedCount() == 2, "both WebSocket connections to poll");
    agent.stop();
  }

  private String subscriptionOf(String space) {
    String machine = data.findMachine(space, "local-agent").orElseThrow().id();
    return data.registration(machine).orElseThrow().subscriptionId().uri();
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }
}
