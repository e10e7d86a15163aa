package dev.k8sagent.adapters.octopus.halibut.polling;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Halibut's reconnect delay: the time since the first failure grown by a random factor in [1, 2)
 * chosen once per failure run, clamped between a minimum and a maximum (5 s and 120 s by default).
 * A connection that identifies successfully resets it.
 */
final class BackOff {
  private final Duration minimum;
  private final Duration maximum;
  private final RandomGenerator random;
  private long firstFailureNanos = -1;
  private double factor;

  BackOff(Duration minimum, Duration maximum, RandomGenerator random) {
    this.minimum = minimum;
    this.maximum = maximum;
    this.random = random;
  }

  Duration nextDelay(long nowNanos) {
    if (firstFailureNanos < 0) {
      firstFailureNanos = nowNanos;
      factor = 1 + random.nextDouble();
    }
    long elapsed = (long) ((nowNanos - firstFailureNanos) * factor);
    long clamped = Math.max(minimum.toNanos(), Math.min(maximum.toNanos(), elapsed));
    return Duration.ofNanos(clamped);
  }

  void reset() {
    firstFailureNanos = -1;
  }
}
