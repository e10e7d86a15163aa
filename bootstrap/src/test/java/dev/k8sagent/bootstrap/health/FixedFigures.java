package dev.k8sagent.bootstrap.health;

import dev.k8sagent.domain.task.ScriptState;
import java.util.Map;
import java.util.function.Supplier;

/** Fixed figures, as a scrape of a running agent would read them; requests from the caller. */
public record FixedFigures(Supplier<Map<String, Long>> requests) implements AgentMetrics {
  /** Figures with no requests. */
  public static FixedFigures some() {
    return new FixedFigures(Map::of);
  }

  @Override
  public int pollingConnections() {
    return 5;
  }

  @Override
  public Map<ScriptState, Integer> tasksByState() {
    return Map.of(ScriptState.RUNNING, 2);
  }

  @Override
  public long bytesUploaded() {
    return 1024;
  }

  @Override
  public long bytesDownloaded() {
    return 0;
  }

  @Override
  public boolean storageHealthy() {
    return true;
  }

  @Override
  public Map<String, Long> requestCounts() {
    return requests.get();
  }

  @Override
  public Map<String, Long> pluginCalls() {
    return Map.of("registry-mirror", 12L);
  }

  @Override
  public Map<String, Long> pluginFailures() {
    return Map.of("registry-mirror", 1L);
  }

  @Override
  public long observerEventsDropped() {
    return 3;
  }

  @Override
  public int tasksInSlots() {
    return 2;
  }

  @Override
  public int tasksWaitingForSlot() {
    return 7;
  }

  @Override
  public Map<String, Long> eventsDropped() {
    return Map.of("rate_limited", 0L, "queue_full", 0L, "write_failed", 2L);
  }
}
