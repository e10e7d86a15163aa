package dev.k8sagent.plugins.api;

/**
 * Told when a task's pod is launched and when the task ends: for plugins that send notifications or
 * metrics, or keep a journal. An observer cannot change the task, and the task never waits for it:
 * the agent queues each event and tells the observers on a thread of its own, one event after
 * another, each call within the same time limit as every other extension call. An observer whose
 * earlier call has not returned yet is skipped for the next events, and when observers fall a
 * thousand events behind, new events are dropped (the agent's log says so). Failures go to the
 * agent's log and its metrics, not to the task's log: the task may be over. Hand slow work (a web
 * hook) to a thread of your own and return.
 *
 * <p>A task the agent picked up again after a restart is told only its end. A task that ends before
 * its pod is launched (it timed out waiting for its isolation mutex, or was cancelled) is told only
 * its end as well.
 */
public interface TaskObserver extends AgentExtension {

  /** The task's pod was created with {@code image}. */
  default void started(TaskFacts task, String image) {}

  /**
   * The script finished with {@code exitCode} (0 is success; the agent's own failures, such as a
   * pod that never started, use negative codes).
   */
  default void ended(TaskFacts task, int exitCode) {}
}
