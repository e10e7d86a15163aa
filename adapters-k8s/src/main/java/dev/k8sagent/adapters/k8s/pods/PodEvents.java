package dev.k8sagent.adapters.k8s.pods;

import dev.k8sagent.adapters.k8s.ApiCalls;
import dev.k8sagent.domain.task.TaskLifecycle;
import dev.k8sagent.ports.out.PodEvent;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1Pod;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The Kubernetes events of script pods ("Scheduled", "Pulling", "Failed to pull image…"), for the
 * task log. Fetched while a pod is pending (that is when a user wants to know why nothing happens)
 * and once after each change of state, never more often than {@code interval} per pod; in between
 * the last ones fetched are shown again. A failed fetch shows no events rather than failing the
 * status call that asked, and a fetch never waits for the agent's request budget: when it has no
 * turn free, the last events are shown and the fetch is tried on the next call.
 */
final class PodEvents {
  /** At most this many events per pod, the newest ones. */
  static final int KEPT = 100;

  private static final System.Logger LOG = System.getLogger(PodEvents.class.getName());

  private final CoreV1Api api;
  private final ApiCalls calls;
  private final String namespace;
  private final InstantSource clock;
  private final Duration interval;

  PodEvents(
      CoreV1Api api, ApiCalls calls, String namespace, InstantSource clock, Duration interval) {
    this.api = api;
    this.calls = calls;
    this.namespace = namespace;
    this.clock = clock;
    this.interval = interval;
  }

  /** What was last fetched for one pod; one per tracked pod. */
  static final class Seen {
    private List<PodEvent> events = List.of();
    private Instant fetchedAt;
    private TaskLifecycle fetchedFor;

    synchronized List<PodEvent> events() {
      return events;
    }
  }

  /** The events to show for {@code pod}, whose task is in {@code lifecycle}. */
  List<PodEvent> current(V1Pod pod, TaskLifecycle lifecycle, Seen seen) {
    synchronized (seen) {
      Instant now = clock.instant();
      boolean due = seen.fetchedAt == null || !now.isBefore(seen.fetchedAt.plus(interval));
      boolean worthAsking =
          lifecycle.equals(TaskLifecycle.PENDING) || !lifecycle.equals(seen.fetchedFor);
      if (due && worthAsking) {
        Optional<List<PodEvent>> fetched = fetch(pod.getMetadata().getName());
        if (fetched.isPresent()) {
          seen.fetchedAt = now;
          seen.fetchedFor = lifecycle;
          seen.events = fetched.get();
        }
      }
      return seen.events;
    }
  }

  /**
   * The events about the pod named {@code podName}, oldest first; none if they cannot be read.
   * Empty too when the agent's request budget has no turn free now: the caller is answering the
   * server and shows the events it has, rather than wait behind pod creates.
   */
  Optional<List<PodEvent>> fetch(String podName) {
    try {
      return calls
          .callIfFree(
              () ->
                  api.listNamespacedEvent(namespace)
                      .fieldSelector("involvedObject.name=" + podName)
                      .execute())
          .map(list -> ofPod(podName, list.getItems()));
    } catch (ApiException | RuntimeException e) {
      LOG.log(
          Level.DEBUG,
          "Cannot list the events of pod "
              + podName
              + ": "
              + (e instanceof ApiException api ? ApiCalls.describe(api) : e.getMessage()));
      return Optional.of(List.of());
    }
  }

  /** The newest {@link #KEPT} of {@code found} that are about the pod, oldest first. */
  static List<PodEvent> ofPod(String podName, List<CoreV1Event> found) {
    List<PodEvent> events =
        found.stream()
            .filter(
                e ->
                    e.getInvolvedObject() != null
                        && podName.equals(e.getInvolvedObject().getName()))
            .map(PodEvents::toPodEvent)
            .sorted(Comparator.comparing(PodEvent::occurred))
            .toList();
    return events.size() <= KEPT ? events : events.subList(events.size() - KEPT, events.size());
  }

  /**
   * One Kubernetes event as the task log shows it. Its time is the last time it happened, else the
   * event time, the first time, or when the event object was made, in that order.
   */
  static PodEvent toPodEvent(CoreV1Event event) {
    OffsetDateTime at =
        event.getLastTimestamp() != null
            ? event.getLastTimestamp()
            : event.getEventTime() != null
                ? event.getEventTime()
                : event.getFirstTimestamp() != null
                    ? event.getFirstTimestamp()
                    : event.getMetadata() == null
                        ? null
                        : event.getMetadata().getCreationTimestamp();
    return new PodEvent(
        at == null ? Instant.EPOCH : at.toInstant(),
        Objects.requireNonNullElse(event.getReason(), ""),
        Objects.requireNonNullElse(event.getMessage(), ""),
        "Warning".equals(event.getType()));
  }
}
