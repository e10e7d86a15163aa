package dev.k8sagent.adapters.k8s.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.k8sagent.adapters.k8s.ApiCalls;
import dev.k8sagent.adapters.k8s.fake.FakeApiServer;
import dev.k8sagent.domain.task.ExitCode;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.domain.task.TaskLifecycle;
import dev.k8sagent.ports.out.PodLaunch;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Pod statuses as virtual kubelets and older or newer API servers send them: fields client-java's
 * model marks required left out, fields it does not know added. Reading, watching and deleting such
 * a pod works, and the task's state comes from the fields the agent uses.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TolerantResponsesTest {
  private static final String NAMESPACE = "octopus-agent";

  private final FakeApiServer server = FakeApiServer.started();
  private final HttpClient http = HttpClient.newHttpClient();
  private final KubernetesScriptPods pods = fresh();

  @AfterEach
  void stop() throws Exception {
    pods.close();
    server.close();
  }

  @Test
  void a_container_status_without_image_id_and_with_unknown_fields_is_read_and_deleted()
      throws Exception {
    ScriptTicket ticket = new ScriptTicket("virtual-kubelet");
    pods.start();
    pods.launch(launch(ticket));

    JsonObject terminated = new JsonObject();
    terminated.addProperty("exitCode", 3);
    terminated.addProperty("reason", "Error");
    setScriptStatus(ticket, "Failed", "terminated", terminated);

    Awaitility.await()
        .until(
            () ->
                pods.observe(ticket)
                    .map(p -> p.lifecycle().equals(new TaskLifecycle.Complete(ExitCode.of(3))))
                    .orElse(false));
    assertThat(fresh().observe(ticket).orElseThrow().lifecycle())
        .as("read by a second agent (a direct read, not the watch)")
        .isEqualTo(new TaskLifecycle.Complete(ExitCode.of(3)));
    assertThatCode(() -> pods.delete(ticket)).doesNotThrowAnyException();
    assertThat(get(ticket).statusCode()).isEqualTo(404);
  }

  @Test
  void a_terminated_state_without_an_exit_code_gives_an_unknown_result() throws Exception {
    ScriptTicket ticket = new ScriptTicket("no-exit-code");
    pods.launch(launch(ticket));

    setScriptStatus(ticket, "Failed", "terminated", new JsonObject());

    assertThat(fresh().observe(ticket).orElseThrow().lifecycle())
        .isEqualTo(new TaskLifecycle.Complete(ExitCode.UNKNOWN_RESULT));
    assertThatCode(() -> pods.cancel(ticket)).doesNotThrowAnyException();
  }

  private KubernetesScriptPods fresh() {
    return new KubernetesScriptPods(
        server.client(),
        server.watchClient(),
        FaultyClusterFixture.settings(),
        ScriptPodTimings.defaults(),
        Clock.systemUTC(),
        new ApiCalls(2, Duration.ofMillis(10)));
  }

  /**
   * Writes the script container's status with only {@code name} and the state: no {@code imageID},
   * {@code image}, {@code ready} or {@code restartCount} (all required in the model), and a field
   * no model knows, on the status and on the container status.
   */
  private void setScriptStatus(
      ScriptTicket ticket, String phase, String stateKind, JsonObject stateBody) throws Exception {
    JsonObject pod = JsonParser.parseString(get(ticket).body()).getAsJsonObject();
    JsonObject state = new JsonObject();
    state.add(stateKind, stateBody);
    JsonObject container = new JsonObject();
    container.addProperty("name", PodNames.pod(ticket));
    container.add("state", state);
    container.addProperty("virtualNodeHint", "fields a newer server adds");
    JsonArray statuses = new JsonArray();
    statuses.add(container);
    JsonObject status = new JsonObject();
    status.addProperty("phase", phase);
    status.add("containerStatuses", statuses);
    status.addProperty("someFutureField", true);
    pod.add("status", status);
    HttpResponse<String> put =
        http.send(
            HttpRequest.newBuilder(URI.create(podUrl(ticket) + "/status"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(pod.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).as(put.body()).isLessThan(300);
  }

  private HttpResponse<String> get(ScriptTicket ticket) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(podUrl(ticket))).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String podUrl(ScriptTicket ticket) {
    return server.url() + "/api/v1/namespaces/" + NAMESPACE + "/pods/" + PodNames.pod(ticket);
  }

  private static PodLaunch launch(ScriptTicket ticket) {
    return FaultyClusterFixture.launch(ticket);
  }
}
