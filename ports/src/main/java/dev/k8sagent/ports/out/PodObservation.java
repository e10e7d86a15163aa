package dev.k8sagent.ports.out;

import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.domain.task.TaskLifecycle;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A task's pod as last seen: where its script container is in its life (waiting = Pending, running
 * = Running, terminated = Complete with the container's exit code), when the pod was created, and
 * the pod's events, oldest first.
 */
public record PodObservation(
    ScriptTicket ticket, TaskLifecycle lifecycle, Instant createdAt, List<PodEvent> events) {
  public PodObservation {
    Objects.requireNonNull(ticket, "ticket");
    Objects.requireNonNull(lifecycle, "lifecycle");
    Objects.requireNonNull(createdAt, "createdAt");
    events = List.copyOf(events);
  }
}
