package dev.k8sagent.adapters.k8s.fake;

import dev.k8sagent.adapters.k8s.RequestBudget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when someone waits on it: every {@link #sleep} returns at once and moves
 * the clock on by the wait, and is recorded (unless held: see {@link #holdAt}). Tests hand it to
 * the agent as its clock, its sleeper and its nanosecond source, so minutes of back-off pass in
 * milliseconds and the same run always waits the same.
 */
public final class VirtualTime extends Clock implements RequestBudget.Sleeper {
  private final AtomicLong nanos = new AtomicLong();
  private final Instant start;
  private final List<Duration> waits = new CopyOnWriteArrayList<>();

  public VirtualTime(Instant start) {
    this.start = start;
  }

  private long holdAtNanos = Long.MAX_VALUE;
  private int held;

  @Override
  public synchronized void sleep(Duration duration) throws InterruptedException {
    while (nanos.get() + duration.toNanos() > holdAtNanos) {
      held++;
      try {
        wait();
      } finally {
        held--;
      }
    }
    waits.add(duration);
    nanos.addAndGet(duration.toNanos());
  }

  /**
   * Makes every wait that would take the clock past {@code elapsed} since the start block until
   * {@link #release}: the agent's loops stop at that instant, so a test sees what they did by then.
   */
  public synchronized void holdAt(Duration elapsed) {
    holdAtNanos = elapsed.toNanos();
  }

  /** Lets blocked waits go on. */
  public synchronized void release() {
    holdAtNanos = Long.MAX_VALUE;
    notifyAll();
  }

  /** Whether some wait is blocked at the hold. */
  public synchronized boolean holding() {
    return held > 0;
  }

  /** Moves the clock on without a wait being recorded. */
  public void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }

  /** Time passed since the start, in nanoseconds. */
  public long nanoTime() {
    return nanos.get();
  }

  /** How long since the start. */
  public Duration elapsed() {
    return Duration.ofNanos(nanos.get());
  }

  /** Every wait so far, in order. */
  public List<Duration> waits() {
    return List.copyOf(waits);
  }

  @Override
  public Instant instant() {
    return start.plusNanos(nanos.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("virtual time is UTC only");
  }
}
