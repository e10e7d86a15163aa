package dev.k8sagent.adapters.k8s.pods;

import dev.k8sagent.domain.task.ScriptTicket;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's picture of its script pods, fed by create responses, reads, lists and watch events;
 * no I/O of its own. The rules that keep it right while all of those race:
 *
 * <ul>
 *   <li>a pod missing from a list is gone only if it was tracked before that list started (a pod
 *       created while the list was under way is not in it, and is not gone);
 *   <li>an out-of-date copy of a pod (lower resource version, same uid) never replaces a newer one;
 *   <li>a deletion counts only for the same pod (uid), not for a new pod of the same ticket;
 *   <li>a pod seen again after being gone is back;
 *   <li>a pod the agent deleted stays forgotten: a late watch event, a list or a read that still
 *       shows it (the API server keeps a pod for its grace period) does not bring it back; only a
 *       new pod of the ticket (another uid, or one the agent creates itself) does.
 * </ul>
 *
 * <p>"Before" is a sequence number, not a time, so it cannot be fooled by a clock.
 */
final class ScriptPodCache {
  private static final long FROM_THE_CLUSTER = Long.MIN_VALUE;

  /** Deleted pods remembered at most, so a deleted pod's late copies are recognised. */
  static final int MAX_DELETED = 10_000;

  private static final String ANY_UID = "";

  private final Map<ScriptTicket, TrackedPod> pods = new ConcurrentHashMap<>();
  private final Map<ScriptTicket, String> deleted = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();

  /**
   * Tracks a pod the agent has just made or read itself; a list already under way cannot lose it.
   */
  TrackedPod trackNow(ScriptTicket ticket, V1Pod pod) {
    deleted.remove(ticket);
    return track(ticket, pod, sequence.incrementAndGet());
  }

  /**
   * Tracks a pod as a list, a watch event or a read showed it; empty when it is a copy of a pod the
   * agent deleted.
   */
  Optional<TrackedPod> trackSeen(ScriptTicket ticket, V1Pod pod) {
    String deletedUid = deleted.get(ticket);
    if (deletedUid != null) {
      if (sameUid(deletedUid, uidOf(pod))) {
        return Optional.empty();
      }
      deleted.remove(ticket); // a new pod of the ticket
    }
    return Optional.of(track(ticket, pod, FROM_THE_CLUSTER));
  }

  /** Whether the agent deleted the ticket's pod and has seen no new one since. */
  boolean deleted(ScriptTicket ticket) {
    return deleted.containsKey(ticket);
  }

  /** Call before a list starts; give the answer to {@link #listed}. */
  long listStarting() {
    return sequence.incrementAndGet();
  }

  /** Applies a complete list of the agent's pods that started at {@code listMark}. */
  void listed(Collection<V1Pod> items, long listMark) {
    Set<ScriptTicket> present = new HashSet<>();
    for (V1Pod pod : items) {
      ticketOf(pod)
          .ifPresent(
              ticket -> {
                present.add(ticket);
                trackSeen(ticket, pod);
              });
    }
    for (TrackedPod pod : pods.values()) {
      if (!present.contains(pod.ticket) && pod.stamp() < listMark) {
        pod.markGone();
      }
    }
  }

  /** Applies one watch event ({@code ADDED}, {@code MODIFIED} or {@code DELETED}). */
  void watched(String type, V1Pod pod) {
    Optional<ScriptTicket> ticket = ticketOf(pod);
    if (ticket.isEmpty()) {
      return;
    }
    if ("DELETED".equals(type)) {
      TrackedPod known = pods.get(ticket.get());
      if (known != null && samePod(known.pod(), pod)) {
        known.markGone();
      }
    } else {
      trackSeen(ticket.get(), pod);
    }
  }

  Optional<TrackedPod> get(ScriptTicket ticket) {
    return Optional.ofNullable(pods.get(ticket));
  }

  /**
   * Forgets a pod the agent is deleting, remembering it so that its late copies are not taken back;
   * past {@link #MAX_DELETED} remembered, one of them is let go.
   */
  void forgetDeleted(ScriptTicket ticket) {
    TrackedPod was = pods.remove(ticket);
    if (deleted.size() >= MAX_DELETED) {
      deleted.keySet().stream().findAny().ifPresent(deleted::remove);
    }
    deleted.put(ticket, was == null ? ANY_UID : uidOf(was.pod()));
  }

  private static String uidOf(V1Pod pod) {
    String uid = pod.getMetadata() == null ? null : pod.getMetadata().getUid();
    return uid == null ? ANY_UID : uid;
  }

  /** The task a pod runs, from the annotation the agent put on it; empty for any other pod. */
  static Optional<ScriptTicket> ticketOf(V1Pod pod) {
    V1ObjectMeta meta = pod.getMetadata();
    if (meta == null || meta.getAnnotations() == null) {
      return Optional.empty();
    }
    String ticket = meta.getAnnotations().get(PodNames.TICKET_ANNOTATION);
    try {
      return ticket == null ? Optional.empty() : Optional.of(new ScriptTicket(ticket));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Whether two copies are of the same pod; without uids to compare, they are taken to be. */
  static boolean samePod(V1Pod a, V1Pod b) {
    return sameUid(uidOf(a), uidOf(b));
  }

  private static boolean sameUid(String left, String right) {
    return left.equals(ANY_UID) || right.equals(ANY_UID) || left.equals(right);
  }

  private TrackedPod track(ScriptTicket ticket, V1Pod pod, long stamp) {
    TrackedPod fresh = new TrackedPod(ticket, pod, stamp);
    TrackedPod existing = pods.putIfAbsent(ticket, fresh);
    if (existing == null) {
      return fresh;
    }
    existing.replace(pod, stamp);
    return existing;
  }
}
