package dev.k8sagent.domain.task;

import dev.k8sagent.domain.Require;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a task may run beside others. {@link FullIsolation} tasks that share a mutex name run one
 * at a time; a task waits for the mutex at most its timeout (none: it waits as long as it takes).
 */
public sealed interface Isolation permits Isolation.NoIsolation, Isolation.FullIsolation {

  /** The mutex name Tentacle uses when the server sends none. */
  String DEFAULT_MUTEX_NAME = "RunningScript";

  NoIsolation NONE = new NoIsolation();

  /** Wire value: NoIsolation = 0, FullIsolation = 1. */
  int wireValue();

  /** Runs concurrently with anything. */
  record NoIsolation() implements Isolation {
    @Override
    public int wireValue() {
      return 0;
    }
  }

  /** Runs alone among the tasks holding the same mutex name. */
  record FullIsolation(String mutexName, Optional<Duration> timeout) implements Isolation {
    public FullIsolation {
      Require.nonBlank(mutexName, "Isolation mutex name");
      Objects.requireNonNull(timeout, "timeout");
      timeout.ifPresent(
          t -> {
            if (t.isNegative()) {
              throw new IllegalArgumentException(
                  "Isolation mutex timeout must not be negative, got "
                      + t
                      + " (leave it empty to wait without limit)");
            }
          });
    }

    @Override
    public int wireValue() {
      return 1;
    }
  }

  /**
   * Builds the isolation the server asked for. A blank mutex name means Tentacle's default; a
   * negative timeout is how .NET says "infinite" and becomes "no limit".
   */
  static Isolation fromRequest(int wireValue, String mutexName, Duration timeout) {
    return switch (wireValue) {
      case 0 -> NONE;
      case 1 ->
          new FullIsolation(
              mutexName == null || mutexName.isBlank() ? DEFAULT_MUTEX_NAME : mutexName,
              timeout == null || timeout.isNegative() ? Optional.empty() : Optional.of(timeout));
      default ->
          throw new IllegalArgumentException(
              "Unknown script isolation level " + wireValue + " (expected 0 or 1)");
    };
  }
}
