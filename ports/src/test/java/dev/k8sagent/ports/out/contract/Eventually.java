package dev.k8sagent.ports.out.contract;

import java.time.Duration;
import java.util.function.Supplier;

/** Waits for a condition with a deadline that fails the test rather than hanging it. */
public final class Eventually {
  private Eventually() {}

  public static <T> T await(
      String what, Duration timeout, Supplier<T> probe, java.util.function.Predicate<T> done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = probe.get();
    while (!done.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "Timed out after " + timeout + " waiting for " + what + "; last seen: " + last);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("Interrupted while waiting for " + what, e);
      }
      last = probe.get();
    }
    return last;
  }
}
