package dev.k8sagent.ports.out;

import dev.k8sagent.domain.task.ScriptTicket;
import java.util.List;
import java.util.Optional;

/**
 * The pods that run tasks: one per ticket. The cluster is the source of truth; an observation is
 * what the pod looks like now.
 */
public interface ScriptPods {

  /**
   * What this adapter puts in the pod for {@code launch} before any of {@code launch}'s additions:
   * what pod customizers are shown and what their additions must leave as it is. No I/O.
   */
  PodShape shapeOf(PodLaunch launch);

  /**
   * Creates the task's pod, with the launch's additions. Launching a ticket whose pod exists
   * changes nothing.
   */
  void launch(PodLaunch launch);

  /**
   * The pod's current state, or empty when there is no pod for the ticket (never created, deleted,
   * evicted). A pod just launched is observable at once, before the cluster reports it.
   */
  Optional<PodObservation> observe(ScriptTicket ticket);

  /** Every pod this agent owns, to pick up tasks again after a restart. */
  List<PodObservation> owned();

  /**
   * Stops the pod now. Its observation reports Complete with {@code Canceled} (-43) from then on,
   * whatever the cluster later says, until it is deleted. Harmless when there is no pod.
   */
  void cancel(ScriptTicket ticket);

  /** Removes the pod. Harmless when there is none. */
  void delete(ScriptTicket ticket);
}
