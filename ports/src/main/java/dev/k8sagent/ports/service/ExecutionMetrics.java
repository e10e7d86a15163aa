package dev.k8sagent.ports.service;

import dev.k8sagent.domain.task.ScriptState;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/** What the running of scripts reports for metrics: pod start times and tasks by state. */
final class ExecutionMetrics {
  private long podStarts;
  private Duration podStartTotal = Duration.ZERO;

  /** A pod took {@code took} from its launch until its script ran. */
  synchronized void podStarted(Duration took) {
    podStarts++;
    podStartTotal = podStartTotal.plus(took);
  }

  synchronized RunningScripts.PodStartTimes podStartTimes() {
    return new RunningScripts.PodStartTimes(podStarts, podStartTotal);
  }

  /**
   * The tracked tasks counted by the state the server sees. Never waits for a task: one stuck on a
   * volume that does not answer must not hang the metrics endpoint (nor the probes it shares a
   * thread with).
   */
  static Map<ScriptState, Integer> tasksByState(Tasks tasks) {
    Map<ScriptState, Integer> counts = new EnumMap<>(ScriptState.class);
    for (Task task : tasks.all()) {
      counts.merge(task.phase().lifecycle().state(), 1, Integer::sum);
    }
    return counts;
  }
}
