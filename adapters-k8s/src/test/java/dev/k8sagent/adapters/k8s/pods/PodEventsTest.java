package dev.k8sagent.adapters.k8s.pods;

import static dev.k8sagent.adapters.k8s.pods.APod.aPod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.k8sagent.adapters.k8s.ApiCalls;
import dev.k8sagent.adapters.k8s.RequestBudget;
import dev.k8sagent.adapters.k8s.fake.FakeApiServer;
import dev.k8sagent.domain.task.ExitCode;
import dev.k8sagent.domain.task.TaskLifecycle;
import dev.k8sagent.ports.out.PodEvent;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import io.kubernetes.client.openapi.models.V1Pod;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PodEventsTest {
  private static final String NAMESPACE = "octopus-agent";
  private static final Duration INTERVAL = Duration.ofSeconds(2);
  private static final Instant START = Instant.parse("2026-11-30T08:00:00Z");

  private final FakeApiServer server = FakeApiServer.started();
  private final CoreV1Api api = new CoreV1Api(server.client());
  private final AtomicReference<Instant> now = new AtomicReference<>(START);
  private final PodEvents events =
      new PodEvents(api, new ApiCalls(1, Duration.ofMillis(10)), NAMESPACE, now::get, INTERVAL);
  private final V1Pod pod = aPod("t").build();
  private final String podName = pod.getMetadata().getName();

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void a_pods_events_come_oldest_first_and_other_pods_events_are_left_out() throws Exception {
    record(podName, "Pulling", "Normal", 20);
    record(podName, "Scheduled", "Normal", 10);
    record("octopus-script-someone-else", "Killing", "Normal", 15);

    assertThat(events.fetch(podName).orElseThrow())
        .extracting(PodEvent::reason)
        .containsExactly("Scheduled", "Pulling");
  }

  @Test
  void events_that_cannot_be_read_are_none_rather_than_a_failed_status_call() {
    server.failNext("GET events", 1, 403);

    assertThat(events.fetch(podName)).contains(List.of());
  }

  @Test
  void a_status_call_never_waits_for_the_request_budget_and_keeps_the_events_it_had()
      throws Exception {
    RequestBudget budget =
        new RequestBudget(
            1, 1, Duration.ofMinutes(1), () -> 0L, wait -> fail("a status call waited " + wait));
    PodEvents limited =
        new PodEvents(
            api,
            new ApiCalls(1, Duration.ofMillis(10), budget, wait -> {}),
            NAMESPACE,
            now::get,
            INTERVAL);
    record(podName, "Scheduled", "Normal", 10);
    PodEvents.Seen seen = new PodEvents.Seen();
    assertThat(limited.current(pod, TaskLifecycle.PENDING, seen))
        .extracting(PodEvent::reason)
        .containsExactly("Scheduled");

    record(podName, "Pulling", "Normal", 20);
    advance(INTERVAL);

    assertThat(limited.current(pod, TaskLifecycle.PENDING, seen))
        .as("the budget's clock has not moved: no turn, the events already fetched")
        .extracting(PodEvent::reason)
        .containsExactly("Scheduled");
    assertThat(server.calls("GET events")).isEqualTo(1);
  }

  @Test
  void a_pending_pod_is_asked_about_again_once_the_interval_has_passed() throws Exception {
    PodEvents.Seen seen = new PodEvents.Seen();
    events.current(pod, TaskLifecycle.PENDING, seen);
    record(podName, "Failed", "Warning", 30);

    assertThat(events.current(pod, TaskLifecycle.PENDING, seen)).isEmpty();
    assertThat(server.calls("GET events")).isEqualTo(1);

    advance(INTERVAL);
    assertThat(events.current(pod, TaskLifecycle.PENDING, seen))
        .extracting(PodEvent::reason, PodEvent::warning)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Failed", true));
    assertThat(server.calls("GET events")).isEqualTo(2);
  }

  @Test
  void a_running_pod_is_asked_about_once_after_it_changed_state() {
    PodEvents.Seen seen = new PodEvents.Seen();
    events.current(pod, TaskLifecycle.PENDING, seen);
    advance(INTERVAL);

    events.current(pod, TaskLifecycle.RUNNING, seen);
    advance(INTERVAL.multipliedBy(10));
    events.current(pod, TaskLifecycle.RUNNING, seen);
    assertThat(server.calls("GET events")).isEqualTo(2);

    events.current(pod, new TaskLifecycle.Complete(ExitCode.of(0)), seen);
    assertThat(server.calls("GET events")).isEqualTo(3);
  }

  @Test
  void a_change_of_state_within_the_interval_waits_for_it() {
    PodEvents.Seen seen = new PodEvents.Seen();
    events.current(pod, TaskLifecycle.PENDING, seen);

    events.current(pod, TaskLifecycle.RUNNING, seen);
    assertThat(server.calls("GET events")).isEqualTo(1);

    advance(INTERVAL);
    events.current(pod, TaskLifecycle.RUNNING, seen);
    assertThat(server.calls("GET events")).isEqualTo(2);
  }

  private static OffsetDateTime at(int second) {
    return START.plusSeconds(second).atOffset(ZoneOffset.UTC);
  }

  private void record(String pod, String reason, String type, int second) throws Exception {
    api.createNamespacedEvent(NAMESPACE, event(pod, reason, type, second)).execute();
  }

  private static CoreV1Event event(String pod, String reason, String type, int second) {
    return new CoreV1Event()
        .apiVersion("v1")
        .kind("Event")
        .metadata(new V1ObjectMeta().name(pod + "." + reason).namespace(NAMESPACE))
        .involvedObject(new V1ObjectReference().kind("Pod").name(pod))
        .reason(reason)
        .message(reason + " happened")
        .type(type)
        .lastTimestamp(at(second));
  }

  private void advance(Duration duration) {
    now.updateAndGet(instant -> instant.plus(duration));
  }
}
