package dev.k8sagent.domain.task;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * When a launched task is over, and with which exit code, from what the agent knows of it: the end
 * marker its runner writes to the shared volume, and its pod as last seen.
 *
 * <p>The end marker decides whenever it is there: it carries the script's own exit code. Without
 * it, a pod that is gone means the pod was lost; a cancelled pod means Canceled; a pod that ended
 * may still have written its marker where the agent cannot see it yet (shared volumes are not
 * instant), so it gets {@link #missingEndMarkerGrace} before its own exit code is reported; a pod
 * that stays Pending longer than {@link #pendingPodTimeout} times out.
 *
 * @param pendingPodTimeout how long a pod may stay Pending before the task fails with Timeout
 * @param missingEndMarkerGrace how long after its pod ended a task waits for the end marker
 */
public record TaskEnding(Duration pendingPodTimeout, Duration missingEndMarkerGrace) {

  public TaskEnding {
    Objects.requireNonNull(pendingPodTimeout, "pendingPodTimeout");
    Objects.requireNonNull(missingEndMarkerGrace, "missingEndMarkerGrace");
    if (pendingPodTimeout.isNegative() || pendingPodTimeout.isZero()) {
      throw new IllegalArgumentException("The pending pod timeout must be positive");
    }
    if (missingEndMarkerGrace.isNegative()) {
      throw new IllegalArgumentException("The grace period for a missing end marker is negative");
    }
  }

  /** A task's pod as the agent last saw it. */
  public record PodSighting(TaskLifecycle lifecycle, Instant createdAt) {
    public PodSighting {
      Objects.requireNonNull(lifecycle, "lifecycle");
      Objects.requireNonNull(createdAt, "createdAt");
    }
  }

  /**
   * What the agent knows about a launched task at {@code now}.
   *
   * @param endMarker the exit code in the runner's end marker, once read
   * @param pod the pod as last seen; empty when it no longer exists
   * @param podEndSeenAt when the agent first saw the pod ended without an end marker
   */
  public record Evidence(
      Optional<ExitCode> endMarker,
      Optional<PodSighting> pod,
      Optional<Instant> podEndSeenAt,
      Instant now) {
    public Evidence {
      Objects.requireNonNull(endMarker, "endMarker");
      Objects.requireNonNull(pod, "pod");
      Objects.requireNonNull(podEndSeenAt, "podEndSeenAt");
      Objects.requireNonNull(now, "now");
    }
  }

  /** Decides whether the task is over. */
  public Verdict decide(Evidence evidence) {
    if (evidence.endMarker().isPresent()) {
      return new Verdict.ScriptEnded(evidence.endMarker().get());
    }
    if (evidence.pod().isEmpty()) {
      return new Verdict.PodGone();
    }
    PodSighting pod = evidence.pod().get();
    if (pod.lifecycle() instanceof TaskLifecycle.Complete ended) {
      if (ended.exitCode().equals(ExitCode.CANCELED)) {
        return new Verdict.PodCanceled();
      }
      Instant endSeenAt = evidence.podEndSeenAt().orElse(evidence.now());
      if (Duration.between(endSeenAt, evidence.now()).compareTo(missingEndMarkerGrace) < 0) {
        return new Verdict.AwaitEndMarker(endSeenAt);
      }
      return new Verdict.EndMarkerMissing(ended.exitCode());
    }
    if (pod.lifecycle() instanceof TaskLifecycle.Pending
        && Duration.between(pod.createdAt(), evidence.now()).compareTo(pendingPodTimeout) > 0) {
      return new Verdict.PendingTooLong(pendingPodTimeout);
    }
    return new Verdict.FollowPod(pod.lifecycle());
  }

  /** The outcome of {@link #decide}: still going, or over with the exit code to report. */
  public sealed interface Verdict {

    /** Not over: the task is where its pod is (Pending or Running). */
    record FollowPod(TaskLifecycle podLifecycle) implements Verdict {}

    /** The pod ended at {@code podEndSeenAt}; its end marker may still become visible. */
    record AwaitEndMarker(Instant podEndSeenAt) implements Verdict {}

    /** Over: the task completes with {@link #exitCode()}. */
    sealed interface Over extends Verdict {
      ExitCode exitCode();
    }

    /** The runner wrote its end marker: the script's own exit code. */
    record ScriptEnded(ExitCode exitCode) implements Over {}

    /** The pod is gone and left no end marker (deleted, evicted, lost with its node). */
    record PodGone() implements Over {
      @Override
      public ExitCode exitCode() {
        return ExitCode.KUBERNETES_SCRIPT_POD_NOT_FOUND;
      }
    }

    /** The pod was cancelled. */
    record PodCanceled() implements Over {
      @Override
      public ExitCode exitCode() {
        return ExitCode.CANCELED;
      }
    }

    /**
     * The pod ended, and no end marker came within the grace period. A pod that failed reports its
     * own exit code; one that succeeded cannot vouch for the script, so the result is unknown.
     */
    record EndMarkerMissing(ExitCode podExitCode) implements Over {
      @Override
      public ExitCode exitCode() {
        return podExitCode.isSuccess() ? ExitCode.UNKNOWN_RESULT : podExitCode;
      }
    }

    /** The pod stayed Pending longer than {@code limit}: it was never scheduled or pulled. */
    record PendingTooLong(Duration limit) implements Over {
      @Override
      public ExitCode exitCode() {
        return ExitCode.TIMEOUT;
      }
    }
  }
}
