package dev.k8sagent.bootstrap.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.ConfigFactory;
import dev.k8sagent.adapters.octopus.identity.AgentCertificates;
import dev.k8sagent.adapters.octopus.identity.LoadedIdentity;
import dev.k8sagent.adapters.octopus.simulator.ScriptServiceCalls;
import dev.k8sagent.adapters.octopus.simulator.SimulatedOctopusServer;
import dev.k8sagent.adapters.storage.FileAgentStateStore;
import dev.k8sagent.bootstrap.config.AgentSettings;
import dev.k8sagent.domain.target.Thumbprint;
import dev.k8sagent.ports.out.AgentState;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole agent as {@code run} starts it (local pods), against the simulator's REST and polling.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AgentRuntimeTest {
  /** Held here so the handler added to it is not lost with a collected logger. */
  private static final Logger AGENT_LOG = Logger.getLogger("dev.k8sagent");

  @TempDir Path home;
  private final LoadedIdentity serverIdentity = SimulatedOctopusServer.newIdentity("Octopus");
  private SimulatedOctopusServer octopus;

  @AfterEach
  void stop() {
    if (octopus != null) {
      octopus.close();
    }
  }

  private Map<String, String> environment(int pollingPort, String token) {
    Map<String, String> env =
        octopus.agentVariables(pollingPort, token, "local-agent", "Dev", "k8s");
    env.put("TentaclePollingConnectionCount", "2");
    env.put("TentacleHome", home.toString());
    env.put("K8SAGENT_PODS", "local");
    env.put("K8SAGENT_HTTP_PORT", "0");
    return env;
  }

  private static AgentRuntime runtime(Map<String, String> env) {
    AgentSettings settings = AgentSettings.from(ConfigFactory.load(), env);
    return AgentModule.injector(settings, env).getInstance(AgentRuntime.class);
  }

  @Test
  void registers_once_polls_runs_a_task_answers_probes_and_stops_cleanly() throws Exception {
    String space = startServer();
    int pollingPort = octopus.polling().port();
    String token = octopus.rest().issueBearerToken();

    AgentRuntime agent = runtime(environment(pollingPort, token));
    int healthPort;
    try (ExplicitCollections collections = ExplicitCollections.watch()) {
      healthPort = agent.start();
      waitFor("both connections to poll").until(() -> agent.connectedCount() == 2);
      waitFor("the start's garbage to be collected").until(() -> collections.count() > 0);
    }
    assertThat(get(healthPort, "/readyz").statusCode()).isEqualTo(200);
    assertThat(get(healthPort, "/healthz").body()).isEqualTo("ok\n");

    String subscription = octopus.subscriptionOf("local-agent");
    ScriptServiceCalls calls =
        new ScriptServiceCalls(octopus.polling(), subscription, Duration.ofSeconds(20));
    ScriptServiceCalls.Status status =
        calls.startScript("t-1", "ServerTasks-1", "echo from run", List.of());
    StringBuilder output = new StringBuilder();
    AtomicReference<ScriptServiceCalls.Status> last = new AtomicReference<>(status);
    waitFor("the task to complete")
        .until(
            () -> {
              ScriptServiceCalls.Status seen = last.get();
              seen.logs().forEach(l -> output.append(l.text()).append('\n'));
              if (seen.isComplete()) {
                return true;
              }
              last.set(calls.status("t-1", seen.nextLogSequence()));
              return false;
            });
    status = last.get();
    assertThat(status.exitCode()).isZero();
    assertThat(output.toString()).contains("from run");
    calls.complete("t-1", status.nextLogSequence());

    String metrics = get(healthPort, "/metrics").body();
    assertThat(metrics)
        .contains("k8sagent_polling_connections 2.0")
        .contains("k8sagent_tasks{state=\"complete\"} 0.0")
        .contains("k8sagent_pod_start_seconds_count 1")
        .contains("k8sagent_task_duration_seconds_count 1")
        .contains("k8sagent_storage_healthy 1.0")
        .contains("k8sagent_output_lines_delivered_total ")
        .contains(
            "k8sagent_requests_total{method=\"StartScript\",service=\"IKubernetesScriptServiceV1\"} 1.0")
        .contains("jvm_memory_used_bytes{area=\"heap\"}")
        .contains("jvm_threads_current")
        .contains("process_open_fds");

    agent.stop();
    waitFor("the server to see every connection closed")
        .until(() -> octopus.polling().subscriberCount() == 0);

    // A restart with an expired token: registered before, so it does not register again.
    octopus.rest().expire(token);
    AgentRuntime restarted = runtime(environment(pollingPort, token));
    restarted.start();
    waitFor("the restarted agent to poll").until(() -> restarted.connectedCount() == 2);
    assertThat(octopus.data().findMachine(space, "local-agent")).isPresent();
    restarted.stop();
  }

  @Test
  void a_start_that_fails_stops_every_part_that_had_started() throws Exception {
    startServer();
    Map<String, String> env =
        environment(octopus.polling().port(), octopus.rest().issueBearerToken());
    try (ServerSocket taken = new ServerSocket(0)) {
      env.put("K8SAGENT_HTTP_PORT", String.valueOf(taken.getLocalPort()));
      AgentRuntime agent = runtime(env);

      assertThatThrownBy(agent::start).isInstanceOf(BindException.class);

      assertThat(agent.running()).isEmpty();
      waitFor("polling to have stopped").until(() -> agent.connectedCount() == 0);
    }
  }

  @Test
  void registers_over_https_only_with_a_server_certificate_the_certificate_file_vouches_for()
      throws Exception {
    octopus = SimulatedOctopusServer.withHttpsApi(home.resolve(".sim"));
    octopus.addEnvironment("Dev");
    Map<String, String> env =
        environment(octopus.startPolling(), octopus.rest().issueBearerToken());
    assertThat(env.get("ServerUrl")).startsWith("https://localhost:");

    env.put("K8SAGENT_SERVER_CERTIFICATE_FILE", home.resolve("absent.pem").toString());
    AgentRuntime stranger = runtime(env);
    assertThatThrownBy(stranger::start)
        .hasMessageContaining("TLS handshake failed")
        .hasMessageContaining("agent.serverCertificate");
    assertThat(octopus.data().findMachine(octopus.space(), "local-agent")).isEmpty();

    Path pem = home.resolve("server.pem");
    java.nio.file.Files.writeString(
        pem, AgentCertificates.pem(octopus.restCertificate().orElseThrow()));
    env.put("K8SAGENT_SERVER_CERTIFICATE_FILE", pem.toString());
    AgentRuntime agent = runtime(env);
    agent.start();
    waitFor("both connections to poll").until(() -> agent.connectedCount() == 2);
    agent.stop();
    assertThat(octopus.data().findMachine(octopus.space(), "local-agent")).isPresent();
  }

  @Test
  void the_start_garbage_waits_for_the_connections_it_would_hold_up() throws Exception {
    startServer();
    String token = octopus.rest().issueBearerToken();
    // the polling address takes connections and never answers their TLS handshake
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        ExplicitCollections collections = ExplicitCollections.watch()) {
      AgentRuntime agent = runtime(environment(silent.getLocalPort(), token));
      agent.start();
      try {
        await("no collection while no connection has identified itself")
            .during(Duration.ofSeconds(2))
            .atMost(Duration.ofSeconds(5))
            .until(() -> collections.count() == 0);
      } finally {
        agent.stop();
      }
    }
  }

  /** The simulator's REST API and TCP polling listener, with the Dev environment; the space. */
  private String startServer() throws Exception {
    String space = simulate(serverIdentity);
    octopus.startPolling();
    return space;
  }

  /** The simulator presenting {@code certificate}, not listening yet; the space. */
  private String simulate(LoadedIdentity certificate) throws IOException {
    octopus = SimulatedOctopusServer.presenting(serverIdentity, certificate, home.resolve(".sim"));
    octopus.addEnvironment("Dev");
    return octopus.space();
  }

  @Test
  void over_a_websocket_the_https_certificate_is_verified_with_the_certificate_file_and_pinned()
      throws Exception {
    LoadedIdentity https = SimulatedOctopusServer.newIdentity("localhost");
    simulate(https);
    int port = octopus.startWebSocket();
    Path pem = home.resolve("server.pem");
    java.nio.file.Files.writeString(pem, AgentCertificates.pem(https.certificate()));
    Map<String, String> env = environment(port, octopus.rest().issueBearerToken());
    env.put("ServerCommsAddress", "wss://localhost:" + port + "/OctopusComms");
    env.put("K8SAGENT_SERVER_CERTIFICATE_FILE", pem.toString());

    AgentRuntime agent = runtime(env);
    agent.start();
    waitFor("both WebSocket connections to poll").until(() -> agent.connectedCount() == 2);
    agent.stop();
    // Registering learnt the thumbprint of the certificate the wss:// endpoint presents, and kept
    // it beside the server's own.
    assertThat(trustedServers())
        .containsExactlyInAnyOrder(serverIdentity.thumbprint(), https.thumbprint());

    // From then on the pin alone is trusted: no certificate file vouches for the endpoint now.
    env.put("K8SAGENT_SERVER_CERTIFICATE_FILE", home.resolve("absent.pem").toString());
    AgentRuntime pinned = runtime(env);
    pinned.start();
    waitFor("the pinned endpoint to be trusted").until(() -> pinned.connectedCount() == 2);
    pinned.stop();

    // Without the pin the same endpoint is refused, naming the thumbprint it presented.
    store()
        .update(
            state ->
                new AgentState(
                    state.identity(),
                    state.subscriptionId(),
                    Set.of(serverIdentity.thumbprint()),
                    state.machineId()));
    List<String> warnings = new CopyOnWriteArrayList<>();
    Handler recorder = recordWarnings(warnings);
    AgentRuntime unpinned = runtime(env);
    try {
      unpinned.start();
      waitFor("the unpinned endpoint to be refused")
          .until(
              () ->
                  warnings.stream()
                      .anyMatch(
                          w ->
                              w.contains(https.thumbprint().toString())
                                  && w.contains("refusing the connection")));
      assertThat(unpinned.connectedCount()).isZero();
    } finally {
      unpinned.stop();
      AGENT_LOG.removeHandler(recorder);
    }
  }

  private static ConditionFactory waitFor(String what) {
    return await(what).atMost(Duration.ofSeconds(30));
  }

  private FileAgentStateStore store() {
    return new FileAgentStateStore(home.resolve(".k8s-agent/state.properties"));
  }

  private Set<Thumbprint> trustedServers() {
    return store().load().orElseThrow().state().trustedServers();
  }

  private static Handler recordWarnings(List<String> warnings) {
    Handler recorder =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
              warnings.add(String.valueOf(record.getMessage()));
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    AGENT_LOG.addHandler(recorder);
    return recorder;
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
