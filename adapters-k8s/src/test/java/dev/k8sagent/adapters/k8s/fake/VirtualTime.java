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
 * the clock on by the wait, and is recorded. Tests hand it to the agent as its clock, its sleeper
 * and its nanosecond source, so minutes of back-off pass in milliseconds and the same run always
 * waits the same.
 */
public final class VirtualTime extends Clock implements RequestBudget.Sleeper {
  private final AtomicLong nanos = new AtomicLong();
  private final Instant start;
  private final List<Duration> waits = new CopyOnWriteArrayList<>();

  public VirtualTime(Instant start) {
    this.start = start;
  }

  @Override
  public void sleep(Duration duration) {
    waits.add(duration);
    nanos.addAndGet(duration.toNanos());
    Thread.yield();
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
