package dev.k8sagent.adapters.k8s;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The agent's own limit on requests to the API server: a token bucket that refills at {@code
 * perSecond} and holds at most {@code burst} tokens, so an idle agent can make a short burst at
 * once and a busy one settles at the steady rate (client-go's clients default to 5 per second,
 * burst 10). Requests that must happen wait their turn ({@link #acquire}), in order of arrival;
 * requests that may be skipped take a token only when one is free ({@link #tryAcquire}), so a
 * status answer never waits behind pod creates.
 *
 * <p>Time comes from {@code nanoTime} and waits go through {@code sleeper}, so tests run it on a
 * clock they move themselves.
 */
public final class RequestBudget {
  /** Waits for a duration; {@link Thread#sleep} in production. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;

    Sleeper REAL =
        duration -> Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
  }

  /**
   * The agent's default steady rate: twice client-go's 5, as a task costs the agent three or four
   * calls (create, events while Pending, delete), so about three tasks can start a second.
   */
  public static final double DEFAULT_PER_SECOND = 10;

  /** The agent's default burst, twice client-go's 10 for the same reason. */
  public static final int DEFAULT_BURST = 20;

  private final double perSecond;
  private final int burst;
  private final Duration longestWait;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private final long interval; // nanos per token
  private final long tolerance; // how far ahead of now turns may be handed out without waiting
  private long nextTurn; // the turn the next request gets, before the burst allowance

  /**
   * @param perSecond the steady rate, more than zero
   * @param burst the most requests at once after a quiet spell, at least 1
   * @param longestWait the longest {@link #acquire} waits before it refuses
   */
  public RequestBudget(
      double perSecond, int burst, Duration longestWait, LongSupplier nanoTime, Sleeper sleeper) {
    if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
      throw new IllegalArgumentException(
          "The API request rate must be a positive number per second, got " + perSecond);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("The API request burst must be at least 1, got " + burst);
    }
    this.perSecond = perSecond;
    this.burst = burst;
    this.longestWait = longestWait;
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
    this.interval = Math.max(1, (long) (1_000_000_000L / perSecond));
    this.tolerance = (burst - 1L) * interval < 0 ? Long.MAX_VALUE / 4 : (burst - 1L) * interval;
    this.nextTurn = nanoTime.getAsLong();
  }

  /** A budget on the real clock that waits at most a minute for a turn. */
  public static RequestBudget of(double perSecond, int burst) {
    return new RequestBudget(
        perSecond, burst, Duration.ofMinutes(1), System::nanoTime, Sleeper.REAL);
  }

  /** A budget that never makes anyone wait, for tests that are not about the limit. */
  public static RequestBudget unlimited() {
    return new RequestBudget(1e9, Integer.MAX_VALUE, Duration.ZERO, System::nanoTime, d -> {});
  }

  public double perSecond() {
    return perSecond;
  }

  public int burst() {
    return burst;
  }

  /** Takes a token if one is free now; never waits. */
  public synchronized boolean tryAcquire() {
    long now = nanoTime.getAsLong();
    long turn = Math.max(nextTurn, now);
    if (turn - now > tolerance) {
      return false;
    }
    nextTurn = turn + interval;
    return true;
  }

  /**
   * Takes a token, waiting for it when the budget is spent. Turns are handed out in order, so a
   * request that arrives later never overtakes one that waits.
   *
   * @throws IllegalStateException when the turn is further away than the longest wait (the agent is
   *     asked for far more than the API server should be sent); nothing is taken then
   * @throws InterruptedException when interrupted while waiting; its turn is spent
   */
  public void acquire() throws InterruptedException {
    long wait;
    synchronized (this) {
      long now = nanoTime.getAsLong();
      long turn = Math.max(nextTurn, now);
      wait = Math.max(0, turn - tolerance - now);
      if (wait > longestWait.toNanos()) {
        throw new IllegalStateException(
            "The agent's API request budget ("
                + perSecond
                + " per second, burst "
                + burst
                + ") is spent for the next "
                + Duration.ofNanos(wait).toSeconds()
                + " s; the request was not sent. Raise it (K8SAGENT_API_REQUESTS_PER_SECOND,"
                + " K8SAGENT_API_REQUEST_BURST) or send the agent fewer tasks at once");
      }
      nextTurn = turn + interval;
    }
    if (wait > 0) {
      sleeper.sleep(Duration.ofNanos(wait));
    }
  }
}
