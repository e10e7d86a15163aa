package dev.k8sagent.ports.service;

import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.ports.out.PodObservation;
import dev.k8sagent.ports.out.ScriptPods;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes up the pods this agent owns after a restart: each becomes a task again, its output re-read
 * from the start of its output file, so its lines are numbered as before.
 */
final class ReattachingAfterRestart {
  private final ScriptPods pods;
  private final Tasks tasks;
  private final TaskContext context;

  ReattachingAfterRestart(ScriptPods pods, Tasks tasks, TaskContext context) {
    this.pods = pods;
    this.tasks = tasks;
    this.context = context;
  }

  /** The tickets taken up again; tasks already tracked are left alone. */
  List<ScriptTicket> reattach() {
    List<ScriptTicket> reattached = new ArrayList<>();
    for (PodObservation pod : pods.owned()) {
      if (!tasks.contains(pod.ticket())
          && tasks.addIfAbsent(Task.reattached(pod.ticket(), context)).isEmpty()) {
        reattached.add(pod.ticket());
      }
    }
    return reattached;
  }
}
