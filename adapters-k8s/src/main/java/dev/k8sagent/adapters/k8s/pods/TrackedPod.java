package dev.k8sagent.adapters.k8s.pods;

import dev.k8sagent.domain.task.ExitCode;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.domain.task.TaskLifecycle;
import io.kubernetes.client.openapi.models.V1Pod;

/**
 * What the agent knows of one task's pod: the newest copy seen, whether it has gone from the
 * cluster, and whether the agent cancelled it. The cancel is kept apart from the pod, so no later
 * event about the dying pod can undo it; only a new pod (another uid) for the ticket clears it.
 */
final class TrackedPod {
  final ScriptTicket ticket;
  final PodEvents.Seen events = new PodEvents.Seen();
  private V1Pod pod;
  private long stamp;
  private boolean gone;
  private boolean cancelled;

  TrackedPod(ScriptTicket ticket, V1Pod pod, long stamp) {
    this.ticket = ticket;
    this.pod = pod;
    this.stamp = stamp;
  }

  synchronized V1Pod pod() {
    return pod;
  }

  /** The cache's sequence number when this pod was last tracked from outside a list. */
  synchronized long stamp() {
    return stamp;
  }

  synchronized boolean gone() {
    return gone;
  }

  synchronized boolean cancelled() {
    return cancelled;
  }

  synchronized void markGone() {
    gone = true;
  }

  /** Marks the task cancelled unless it has already completed on its own. */
  synchronized void cancel() {
    if (!(lifecycle() instanceof TaskLifecycle.Complete)) {
      cancelled = true;
    }
  }

  synchronized TaskLifecycle lifecycle() {
    return cancelled
        ? new TaskLifecycle.Complete(ExitCode.CANCELED)
        : ScriptPodStates.lifecycleOf(pod);
  }

  /**
   * Takes {@code newer} unless it is an out-of-date copy of the same pod (a list that started
   * before a watch event); {@code newStamp} is kept when it is later than the current one.
   */
  synchronized void replace(V1Pod newer, long newStamp) {
    if (!ScriptPodCache.samePod(pod, newer)) {
      cancelled = false;
    }
    if (olderThan(newer, pod)) {
      return;
    }
    pod = newer;
    gone = false;
    stamp = Math.max(stamp, newStamp);
  }

  private static boolean olderThan(V1Pod candidate, V1Pod current) {
    try {
      long a = Long.parseLong(candidate.getMetadata().getResourceVersion());
      long b = Long.parseLong(current.getMetadata().getResourceVersion());
      return a < b && ScriptPodCache.samePod(candidate, current);
    } catch (RuntimeException e) {
      return false; // resource versions are opaque in general; compare only when both are numbers
    }
  }
}
