package dev.k8sagent.plugins.api;

/**
 * Told when a task's script starts and ends: for plugins that send notifications or metrics. An
 * observer cannot change the task; what it does takes from the same time limit as every other
 * extension call, so hand slow work (a web hook) to a thread of your own and return.
 */
public interface TaskObserver extends AgentExtension {

  /** The script's pod was asked for with {@code image}. */
  default void started(TaskFacts task, String image) {}

  /**
   * The script finished with {@code exitCode} (0 is success; the agent's own failures, such as a
   * pod that never started, use negative codes).
   */
  default void ended(TaskFacts task, int exitCode) {}
}
