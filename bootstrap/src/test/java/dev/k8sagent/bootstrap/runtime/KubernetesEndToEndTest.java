package dev.k8sagent.bootstrap.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.ConfigFactory;
import dev.k8sagent.adapters.k8s.fake.FakeApiServer;
import dev.k8sagent.adapters.k8s.fake.SimulatedKubelet;
import dev.k8sagent.adapters.octopus.halibut.bson.BsonDocument;
import dev.k8sagent.adapters.octopus.simulator.ScriptServiceCalls;
import dev.k8sagent.adapters.octopus.simulator.ServerSimulator;
import dev.k8sagent.adapters.octopus.simulator.SimulatedOctopusServer;
import dev.k8sagent.adapters.octopus.simulator.SimulatedRestApi;
import dev.k8sagent.bootstrap.config.AgentSettings;
import dev.k8sagent.domain.task.ExitCode;
import dev.k8sagent.domain.task.OutputLine;
import dev.k8sagent.domain.task.OutputSource;
import dev.k8sagent.domain.task.ScriptOutputFormat;
import dev.k8sagent.ports.content.Content;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.EventsV1Api;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent as {@code run} starts it in a cluster: the server simulator (REST and polling), the
 * fake API server with a simulated kubelet, and the agent's home on a local directory standing in
 * for the shared volume. The test writes each task's output file as the runner in the pod would.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KubernetesEndToEndTest {
  private static final String NAMESPACE = "octopus-agent";
  private static final String AGENT_POD = "octopus-agent-e2e-5d4f8b7c9-x2b7q";
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path temp;
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  @Test
  void registers_runs_tasks_and_survives_a_restart_in_the_middle_of_one() throws Exception {
    FakeApiServer cluster = FakeApiServer.started();
    closing.add(cluster);
    SimulatedKubelet kubelet = new SimulatedKubelet(cluster.client(), NAMESPACE);
    closing.add(kubelet);
    SimulatedOctopusServer octopus = SimulatedOctopusServer.create(temp.resolve("sim"));
    closing.add(octopus);
    octopus.addEnvironment("Production");
    SimulatedRestApi rest = octopus.rest();
    ServerSimulator server = octopus.polling();
    int pollingPort = octopus.startPolling();
    Path home = Files.createDirectories(temp.resolve("octopus"));
    Map<String, String> env = environment(cluster, octopus, pollingPort, home);

    long started = System.nanoTime();
    AgentRuntime agent = start(env);
    int healthPort = lastHealthPort;
    await("five polling connections").atMost(WAIT).until(() -> agent.connectedCount() == 5);
    long firstPoll = System.nanoTime() - started;
    String subscription = octopus.subscriptionOf("e2e-cluster");
    ScriptServiceCalls calls = new ScriptServiceCalls(server, subscription, Duration.ofSeconds(30));

    BsonDocument capabilities =
        (BsonDocument)
            server
                .call(
                    subscription, "ICapabilitiesServiceV2", "GetCapabilities", List.of(), List.of())
                .get(20, TimeUnit.SECONDS)
                .response()
                .result();
    assertThat(capabilities.array("SupportedCapabilities")).contains("IKubernetesScriptServiceV1");
    calls.upload("Files/package.txt", Content.ofBytes("v1".getBytes(StandardCharsets.UTF_8)));
    assertThat(Files.readString(home.resolve("Files/package.txt"))).isEqualTo("v1");

    // Task 1 runs to its end.
    kubelet.behave("e2e-1", SimulatedKubelet.Behaviour.runningUntilStopped());
    calls.startScript("e2e-1", "ServerTasks-1", "echo deploy", List.of());
    assertThat(podExists(cluster, "octopus-script-e2e-1")).isTrue();
    writeOutput(home, "e2e-1", 1, 10);
    writeEnd(home, "e2e-1", 11, 0);
    ServerSideOutput first = new ServerSideOutput(calls, "e2e-1");
    untilComplete(first);
    assertThat(first.lines()).containsExactlyElementsOf(expected(1, 10));
    calls.complete("e2e-1", 11);
    assertThat(podExists(cluster, "octopus-script-e2e-1")).isFalse();

    // The registration is an Event on the agent's pod, and its API calls are in the metrics.
    EventsV1Api events = new EventsV1Api(cluster.client());
    await("the Registered event")
        .atMost(WAIT)
        .until(
            () ->
                events.listNamespacedEvent(NAMESPACE).execute().getItems().stream()
                    .anyMatch(
                        e ->
                            e.getReason().equals("Registered")
                                && e.getRegarding().getName().equals(AGENT_POD)));
    String metrics =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + healthPort + "/metrics"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(metrics)
        .contains(
            "k8sagent_kubernetes_api_request_duration_seconds_count{code=\"201\",resource=\"pods\",verb=\"create\"} ");

    // Task 2: the agent stops half way; its successor picks the pod up and nothing is lost.
    kubelet.behave("e2e-2", SimulatedKubelet.Behaviour.runningUntilStopped());
    calls.startScript("e2e-2", "ServerTasks-2", "echo long", List.of());
    writeOutput(home, "e2e-2", 1, 50);
    ServerSideOutput second = new ServerSideOutput(calls, "e2e-2");
    await("30 lines of the second task")
        .atMost(WAIT)
        .until(
            () -> {
              second.poll();
              return second.lineCount() >= 30;
            });
    agent.stop();
    writeOutput(home, "e2e-2", 51, 100);
    AgentRuntime successor = start(env);
    await("the successor to poll").atMost(WAIT).until(() -> successor.connectedCount() == 5);
    writeEnd(home, "e2e-2", 101, 0);
    ScriptServiceCalls.Status status = untilComplete(second);
    assertThat(second.lines()).containsExactlyElementsOf(expected(1, 100));
    assertThat(status.exitCode()).isZero();
    calls.complete("e2e-2", second.cursor());
    assertThat(octopus.data().findMachine(octopus.space(), "e2e-cluster")).isPresent();
    successor.stop();
    System.out.printf(
        "end-to-end: first poll %.0f ms after start (5 connections, registration included)%n",
        firstPoll / 1e6);
  }

  private int lastHealthPort;

  private AgentRuntime start(Map<String, String> env) throws Exception {
    AgentSettings settings = AgentSettings.from(ConfigFactory.load(), env);
    AgentRuntime runtime = AgentModule.injector(settings, env).getInstance(AgentRuntime.class);
    lastHealthPort = runtime.start();
    return runtime;
  }

  private Map<String, String> environment(
      FakeApiServer cluster, SimulatedOctopusServer octopus, int pollingPort, Path home)
      throws IOException {
    Path kubeconfig = cluster.writeKubeconfig(temp.resolve("kubeconfig"));
    Map<String, String> env =
        octopus.agentVariables(
            pollingPort, octopus.rest().issueBearerToken(), "e2e-cluster", "Production", "k8s");
    env.put("TentacleHome", home.toString());
    env.put("KUBECONFIG", kubeconfig.toString());
    env.put("K8SAGENT_HTTP_PORT", "0");
    env.put("OCTOPUS__K8STENTACLE__NAMESPACE", NAMESPACE);
    env.put("OCTOPUS__K8STENTACLE__PODVOLUMECLAIMNAME", "agent-home");
    env.put("OCTOPUS__K8STENTACLE__HELMRELEASENAME", "e2e");
    env.put("K8SAGENT_POD_NAME", AGENT_POD);
    env.put("K8SAGENT_POD_NAMESPACE", NAMESPACE);
    return env;
  }

  private static boolean podExists(FakeApiServer cluster, String name) throws ApiException {
    try {
      new CoreV1Api(cluster.client()).readNamespacedPod(name, NAMESPACE).execute();
      return true;
    } catch (ApiException e) {
      if (e.getCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  private static List<String> expected(int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(i -> "line " + i).toList();
  }

  /** Appends lines as the runner in the pod does (sequence numbers 1, 2, … in the file). */
  private static void writeOutput(Path home, String ticket, int from, int to) throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = from; i <= to; i++) {
      text.append(
              ScriptOutputFormat.format(
                  new OutputLine(i, OutputSource.STDOUT, "line " + i, Instant.now())))
          .append('\n');
    }
    append(home, ticket, text.toString());
  }

  private static void writeEnd(Path home, String ticket, int sequence, int exitCode)
      throws IOException {
    append(
        home,
        ticket,
        ScriptOutputFormat.formatEnd(sequence, ExitCode.of(exitCode), Instant.now()) + "\n");
  }

  private static void append(Path home, String ticket, String text) throws IOException {
    Files.writeString(
        home.resolve("Work").resolve(ticket).resolve("output.log"),
        text,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  /** GetStatus as the server polls, until the task is complete. */
  private static ScriptServiceCalls.Status untilComplete(ServerSideOutput output) {
    return await("the task to complete")
        .atMost(WAIT)
        .until(output::poll, ScriptServiceCalls.Status::isComplete);
  }
}
