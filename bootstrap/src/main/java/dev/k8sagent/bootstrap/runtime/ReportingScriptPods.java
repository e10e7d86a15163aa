package dev.k8sagent.bootstrap.runtime;

import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.ports.out.EventReason;
import dev.k8sagent.ports.out.PodEvent;
import dev.k8sagent.ports.out.PodLaunch;
import dev.k8sagent.ports.out.PodObservation;
import dev.k8sagent.ports.out.PodShape;
import dev.k8sagent.ports.out.ScriptPods;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ScriptPods} that also reports, as Kubernetes Events on the script pod, the cluster's
 * warnings that mean it cannot start: its image cannot be pulled, or it cannot be scheduled. Each
 * warning is reported once, as it is first observed.
 */
final class ReportingScriptPods implements ScriptPods {
  /** Tasks whose observations are remembered; more are left unreported rather than grow memory. */
  static final int MAX_TRACKED = 10_000;

  private final ScriptPods pods;
  private final AgentEvents events;
  private final Map<ScriptTicket, Integer> eventsSeen = new ConcurrentHashMap<>();

  ReportingScriptPods(ScriptPods pods, AgentEvents events) {
    this.pods = pods;
    this.events = events;
  }

  @Override
  public PodShape shapeOf(PodLaunch launch) {
    return pods.shapeOf(launch);
  }

  @Override
  public void launch(PodLaunch launch) {
    pods.launch(launch);
  }

  @Override
  public Optional<PodObservation> observe(ScriptTicket ticket) {
    Optional<PodObservation> observation = pods.observe(ticket);
    observation.ifPresent(this::reportNewWarnings);
    return observation;
  }

  @Override
  public List<PodObservation> owned() {
    return pods.owned();
  }

  @Override
  public void cancel(ScriptTicket ticket) {
    pods.cancel(ticket);
  }

  @Override
  public void delete(ScriptTicket ticket) {
    eventsSeen.remove(ticket);
    pods.delete(ticket);
  }

  private void reportNewWarnings(PodObservation observation) {
    List<PodEvent> podEvents = observation.events();
    Integer seen = eventsSeen.get(observation.ticket());
    if (seen == null && eventsSeen.size() >= MAX_TRACKED) {
      return;
    }
    int from = seen == null || seen > podEvents.size() ? 0 : seen;
    for (PodEvent event : podEvents.subList(from, podEvents.size())) {
      cannotStart(event)
          .ifPresent(
              reason ->
                  events.aboutScriptPod(
                      observation.ticket(), reason, event.reason() + ": " + event.message()));
    }
    eventsSeen.put(observation.ticket(), podEvents.size());
  }

  /** Whether a pod event says the pod cannot start, and how. */
  static Optional<EventReason> cannotStart(PodEvent event) {
    if (!event.warning()) {
      return Optional.empty();
    }
    String message = event.message().toLowerCase(Locale.ROOT);
    return switch (event.reason()) {
      case "FailedScheduling" -> Optional.of(EventReason.UNSCHEDULABLE);
      case "ErrImagePull", "ImagePullBackOff", "InspectFailed", "ErrImageNeverPull" ->
          Optional.of(EventReason.IMAGE_PULL_FAILED);
      case "Failed", "BackOff" ->
          message.contains("pull") || message.contains("image")
              ? Optional.of(EventReason.IMAGE_PULL_FAILED)
              : Optional.empty();
      default -> Optional.empty();
    };
  }
}
