package dev.k8sagent.bootstrap.health;

import dev.k8sagent.domain.task.ScriptState;
import java.time.Duration;
import java.util.Map;

/** The figures {@code /metrics} shows, read at each scrape. */
public interface AgentMetrics {
  /** Polling connections established now. */
  int pollingConnections();

  /** Tasks the agent is tracking, by state (states with none may be left out). */
  Map<ScriptState, Integer> tasksByState();

  /** Script pods whose script started running, and the time they took in total. */
  long podStarts();

  Duration podStartTime();

  /** File bytes received from the server. */
  long bytesUploaded();

  /** File bytes sent to the server. */
  long bytesDownloaded();

  /** Whether the shared volume answered its last probe. */
  boolean storageHealthy();

  /** Requests answered, keyed {@code Service.Method}. */
  Map<String, Long> requestCounts();

  /** Plugin extension calls, by the id of each plugin started (a fixed set from start-up). */
  Map<String, Long> pluginCalls();

  /** Plugin extension calls that failed, overran or whose answer was refused, by plugin id. */
  Map<String, Long> pluginFailures();

  /** Time since the agent started. */
  Duration uptime();
}
