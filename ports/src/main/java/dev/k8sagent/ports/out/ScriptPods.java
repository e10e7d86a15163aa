package dev.k8sagent.ports.out;

import dev.k8sagent.domain.task.ScriptTicket;
import java.util.List;
import java.util.Optional;

/**
 * The pods that run tasks: one per ticket. The cluster is the source of truth; an observation is
 * what the pod looks like now.
 */
public interface ScriptPods {

  /** Creates the task's pod. Launching a ticket whose pod exists changes nothing. */
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
