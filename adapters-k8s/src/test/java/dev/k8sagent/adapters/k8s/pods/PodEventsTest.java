package dev.k8sagent.adapters.k8s.pods;

import static dev.k8sagent.adapters.k8s.pods.APod.aPod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.k8sagent.adapters.k8s.ApiCalls;
import dev.k8sagent.adapters.k8s.fake.FakeApiServer;
import dev.k8sagent.adapters.k8s.fake.MutableClock;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PodEventsTest {
  private static final String NAMESPACE = "octopus-agent";
  private static final Duration INTERVAL = Duration.ofSeconds(2);
  private static final Instant START = Instant.parse("2026-11-30T08:00:00Z");

  private final FakeApiServer server = FakeApiServer.started();
  private final CoreV1Api api = new CoreV1Api(server.client());
  private final MutableClock clock = new MutableClock(START);
  private final PodEvents events =
      new PodEvents(api, new ApiCalls(1, Duration.ofMillis(10)), NAMESPACE, clock, INTERVAL);
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

    assertThat(events.fetch(podName))
        .extracting(PodEvent::reason)
        .containsExactly("Scheduled", "Pulling");
  }

  @Test
  void only_the_newest_events_are_kept() throws Exception {
    for (int i = 0; i < PodEvents.KEPT + 3; i++) {
      record(podName, "Event" + i, "Normal", i);
    }

    assertThat(events.fetch(podName))
        .hasSize(PodEvents.KEPT)
        .first()
        .extracting(PodEvent::reason)
        .isEqualTo("Event3");
  }

  @Test
  void events_that_cannot_be_read_are_none_rather_than_a_failed_status_call() {
    server.failNext("GET events", 1, 403);

    assertThat(events.fetch(podName)).isEmpty();
  }

  @Test
  void a_pending_pod_is_asked_about_again_once_the_interval_has_passed() throws Exception {
    PodEvents.Seen seen = new PodEvents.Seen();
    events.current(pod, TaskLifecycle.PENDING, seen);
    record(podName, "Failed", "Warning", 30);

    assertThat(events.current(pod, TaskLifecycle.PENDING, seen)).isEmpty();
    assertThat(server.calls("GET events")).isEqualTo(1);

    clock.advance(INTERVAL);
    assertThat(events.current(pod, TaskLifecycle.PENDING, seen))
        .extracting(PodEvent::reason, PodEvent::warning)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Failed", true));
    assertThat(server.calls("GET events")).isEqualTo(2);
  }

  @Test
  void a_running_pod_is_asked_about_once_after_it_changed_state() {
    PodEvents.Seen seen = new PodEvents.Seen();
    events.current(pod, TaskLifecycle.PENDING, seen);
    clock.advance(INTERVAL);

    events.current(pod, TaskLifecycle.RUNNING, seen);
    clock.advance(INTERVAL.multipliedBy(10));
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

    clock.advance(INTERVAL);
    events.current(pod, TaskLifecycle.RUNNING, seen);
    assertThat(server.calls("GET events")).isEqualTo(2);
  }

  static Stream<Arguments> timestamps() {
    OffsetDateTime last = at(4);
    OffsetDateTime eventTime = at(3);
    OffsetDateTime first = at(2);
    OffsetDateTime created = at(1);
    return Stream.of(
        Arguments.of("the last time it happened", event(last, eventTime, first, created), last),
        Arguments.of("else the event time", event(null, eventTime, first, created), eventTime),
        Arguments.of("else the first time", event(null, null, first, created), first),
        Arguments.of("else when the object was made", event(null, null, null, created), created),
        Arguments.of(
            "else the epoch",
            event(null, null, null, null),
            Instant.EPOCH.atOffset(ZoneOffset.UTC)));
  }

  @ParameterizedTest(name = "an event's time is {0}")
  @MethodSource("timestamps")
  void an_events_time_is_the_best_one_it_has(
      String rule, CoreV1Event event, OffsetDateTime expected) {
    assertThat(PodEvents.toPodEvent(event).occurred()).isEqualTo(expected.toInstant());
  }

  @Test
  void warnings_are_marked_and_missing_text_is_empty() {
    PodEvent warning = PodEvents.toPodEvent(new CoreV1Event().type("Warning"));
    PodEvent normal = PodEvents.toPodEvent(new CoreV1Event().type("Normal").reason("Pulled"));

    assertThat(warning.warning()).isTrue();
    assertThat(warning.reason()).isEmpty();
    assertThat(warning.message()).isEmpty();
    assertThat(normal.warning()).isFalse();
    assertThat(normal.reason()).isEqualTo("Pulled");
  }

  private static CoreV1Event event(
      OffsetDateTime last, OffsetDateTime eventTime, OffsetDateTime first, OffsetDateTime made) {
    return new CoreV1Event()
        .lastTimestamp(last)
        .eventTime(eventTime)
        .firstTimestamp(first)
        .metadata(new V1ObjectMeta().creationTimestamp(made));
  }

  private static OffsetDateTime at(int second) {
    return START.plusSeconds(second).atOffset(ZoneOffset.UTC);
  }

  private void record(String pod, String reason, String type, int second) throws Exception {
    api.createNamespacedEvent(
            NAMESPACE,
            new CoreV1Event()
                .apiVersion("v1")
                .kind("Event")
                .metadata(new V1ObjectMeta().name(pod + "." + reason).namespace(NAMESPACE))
                .involvedObject(new V1ObjectReference().kind("Pod").name(pod))
                .reason(reason)
                .message(reason + " happened")
                .type(type)
                .lastTimestamp(at(second)))
        .execute();
  }
}
