package dev.k8sagent.bootstrap.health;

import dev.k8sagent.domain.task.ScriptState;
import java.util.Map;

/** The figures {@code /metrics} reads from the agent's parts at each scrape. */
public interface AgentMetrics {
  /** Polling connections established now. */
  int pollingConnections();

  /** Tasks the agent is tracking, by state (states with none may be left out). */
  Map<ScriptState, Integer> tasksByState();

  /** File bytes received from the server. */
  long bytesUploaded();

  /** File bytes sent to the server. */
  long bytesDownloaded();

  /** Whether the shared volume answered its last probe. */
  boolean storageHealthy();

  /**
   * Requests answered, keyed {@code Service.Method} as the server sent them: any text, so they are
   * folded into {@link RequestLabels} before they become labels.
   */
  Map<String, Long> requestCounts();

  /** Plugin extension calls, by the id of each plugin started (a fixed set from start-up). */
  Map<String, Long> pluginCalls();

  /** Plugin extension calls that failed, overran or whose answer was refused, by plugin id. */
  Map<String, Long> pluginFailures();

  /** Task events dropped because the plugins' observer queue was full. */
  long observerEventsDropped();

  /** Tasks running in one of the {@code max-running-tasks} slots now. */
  int tasksInSlots();

  /** Tasks waiting, Pending, for a slot now. */
  int tasksWaitingForSlot();

  /** Kubernetes Events not written, by why ({@code rate_limited}, {@code queue_full}, …). */
  Map<String, Long> eventsDropped();
}
