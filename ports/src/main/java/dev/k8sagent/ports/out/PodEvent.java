package dev.k8sagent.ports.out;

import java.time.Instant;
import java.util.Objects;

/** A Kubernetes event about a task's pod ({@code Pulling}, {@code FailedScheduling}, …). */
public record PodEvent(Instant occurred, String reason, String message, boolean warning) {
  public PodEvent {
    Objects.requireNonNull(occurred, "occurred");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }
}
