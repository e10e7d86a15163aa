package dev.k8sagent.ports.service;

import dev.k8sagent.domain.task.ExitCode;
import dev.k8sagent.domain.task.TaskLifecycle;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a task is as the agent tracks it: {@link Preparing} → ({@link Queued} →) ({@link
 * AwaitingSlot} →) {@link Launched} → {@link Finished}, or Finished from any of them. Each phase
 * carries only what matters in it; what the server is told is its {@link #lifecycle()}.
 */
sealed interface TaskPhase {

  /** The state and exit code the server sees. */
  TaskLifecycle lifecycle();

  /** Its workspace is being written; nothing is launched yet. */
  record Preparing() implements TaskPhase {
    @Override
    public TaskLifecycle lifecycle() {
      return TaskLifecycle.PENDING;
    }
  }

  /** Waiting for its isolation mutex, until {@code deadline} when it has one. */
  record Queued(String mutexName, Optional<Instant> deadline) implements TaskPhase {
    public Queued {
      Objects.requireNonNull(mutexName, "mutexName");
      Objects.requireNonNull(deadline, "deadline");
    }

    @Override
    public TaskLifecycle lifecycle() {
      return TaskLifecycle.PENDING;
    }
  }

  /** Holds its isolation mutex, if any, and waits for one of the agent's task slots. */
  record AwaitingSlot() implements TaskPhase {
    @Override
    public TaskLifecycle lifecycle() {
      return TaskLifecycle.PENDING;
    }
  }

  /**
   * Its pod was launched.
   *
   * @param lifecycle Pending or Running, as its pod was last seen
   * @param startMeasuredFrom when the pod was launched, while the time until its script runs is
   *     still to be measured; empty once measured, and for a pod an earlier agent launched
   * @param podEndSeenAt when its pod was first seen ended without the runner's end marker
   */
  record Launched(
      TaskLifecycle lifecycle, Optional<Instant> startMeasuredFrom, Optional<Instant> podEndSeenAt)
      implements TaskPhase {
    public Launched {
      Objects.requireNonNull(lifecycle, "lifecycle");
      Objects.requireNonNull(startMeasuredFrom, "startMeasuredFrom");
      Objects.requireNonNull(podEndSeenAt, "podEndSeenAt");
      if (lifecycle instanceof TaskLifecycle.Complete) {
        throw new IllegalArgumentException("A launched task that completed is Finished");
      }
    }

    Launched following(TaskLifecycle next) {
      return new Launched(next, startMeasuredFrom, podEndSeenAt);
    }

    Launched startMeasured() {
      return new Launched(lifecycle, Optional.empty(), podEndSeenAt);
    }

    Launched awaitingEndMarker(Instant podEndSeenAt) {
      return new Launched(TaskLifecycle.RUNNING, startMeasuredFrom, Optional.of(podEndSeenAt));
    }
  }

  /** Over, with the exit code the server is told. Final. */
  record Finished(ExitCode exitCode) implements TaskPhase {
    public Finished {
      Objects.requireNonNull(exitCode, "exitCode");
    }

    @Override
    public TaskLifecycle lifecycle() {
      return new TaskLifecycle.Complete(exitCode);
    }
  }
}
