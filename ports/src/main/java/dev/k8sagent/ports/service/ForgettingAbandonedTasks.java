package dev.k8sagent.ports.service;

import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.ports.out.ScriptPods;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Lets go of finished tasks the server has stopped asking about (a task cancelled or lost on the
 * server side is never completed): their pods are deleted unless pods are kept, and their
 * workspaces are left to {@link CleaningWorkspaces}. Running tasks are never touched.
 */
final class ForgettingAbandonedTasks {
  private final Tasks tasks;
  private final ScriptPods pods;
  private final boolean keepPods;

  ForgettingAbandonedTasks(Tasks tasks, ScriptPods pods, boolean keepPods) {
    this.tasks = tasks;
    this.pods = pods;
    this.keepPods = keepPods;
  }

  /** Forgets the finished tasks not asked about for {@code maxAge}; returns their tickets. */
  List<ScriptTicket> forgetOlderThan(Duration maxAge) {
    List<ScriptTicket> forgotten = new ArrayList<>();
    List<ScriptTicket> toLaunch = new ArrayList<>();
    for (Task task : tasks.all()) {
      synchronized (task) {
        try {
          toLaunch.addAll(task.refresh());
          if (task.isFinished() && task.unaskedFor(maxAge)) {
            toLaunch.addAll(task.releaseHolds());
            if (!keepPods) {
              pods.delete(task.ticket());
            }
            tasks.remove(task.ticket());
            forgotten.add(task.ticket());
          }
        } finally {
          task.letGo();
        }
      }
    }
    tasks.launchWaiting(toLaunch);
    return forgotten;
  }
}
