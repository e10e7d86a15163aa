package dev.k8sagent.adapters.k8s.pods;

import java.time.Duration;
import java.util.Objects;

/**
 * Every duration the Kubernetes script pods adapter works with, in one place.
 *
 * @param deleteGrace how long a deleted pod's script gets to stop before it is killed
 * @param relistEvery the longest the pods go without a fresh list (a watch is ended at the latest
 *     then, so an event the API server dropped costs at most this long)
 * @param eventInterval the shortest time between two fetches of one pod's events
 * @param firstRetry the wait before following the cluster again after a failed list or watch
 * @param longestRetry the cap for that wait, which doubles on every failure in a row
 */
public record ScriptPodTimings(
    Duration deleteGrace,
    Duration relistEvery,
    Duration eventInterval,
    Duration firstRetry,
    Duration longestRetry) {
  public ScriptPodTimings {
    requireNotNegative(deleteGrace, "deleteGrace");
    requireNotNegative(relistEvery, "relistEvery");
    requireNotNegative(eventInterval, "eventInterval");
    requireNotNegative(firstRetry, "firstRetry");
    requireNotNegative(longestRetry, "longestRetry");
    if (relistEvery.toSeconds() < 1) {
      throw new IllegalArgumentException(
          "relistEvery must be at least one second (a watch times out in whole seconds), got "
              + relistEvery);
    }
    if (longestRetry.compareTo(firstRetry) < 0) {
      throw new IllegalArgumentException(
          "longestRetry (" + longestRetry + ") is shorter than firstRetry (" + firstRetry + ")");
    }
  }

  /**
   * What the agent uses: 30 s to stop, a fresh list every 10 minutes, events at most every 2 s,
   * retries from 0.8 s up to 30 s (client-go's reflector waits the same).
   */
  public static ScriptPodTimings defaults() {
    return new ScriptPodTimings(
        Duration.ofSeconds(30),
        Duration.ofMinutes(10),
        Duration.ofSeconds(2),
        Duration.ofMillis(800),
        Duration.ofSeconds(30));
  }

  public ScriptPodTimings withDeleteGrace(Duration grace) {
    return new ScriptPodTimings(grace, relistEvery, eventInterval, firstRetry, longestRetry);
  }

  public ScriptPodTimings withEventInterval(Duration interval) {
    return new ScriptPodTimings(deleteGrace, relistEvery, interval, firstRetry, longestRetry);
  }

  private static void requireNotNegative(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, got " + duration);
    }
  }
}
