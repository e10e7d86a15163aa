package dev.k8sagent.ports.service;

import dev.k8sagent.ports.out.ClusterEvent;
import dev.k8sagent.ports.out.ClusterEvents;
import dev.k8sagent.ports.out.EventSeries;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Reports {@link ClusterEvent}s the way client-go's event recorder does, without ever holding up
 * the caller: {@link #report} only updates memory and queues a write; one writer thread of its own
 * writes to {@link ClusterEvents}.
 *
 * <ul>
 *   <li><b>Aggregation</b>: an event equal to one seen within {@link Limits#seriesWindow} (same
 *       subject, reason and note) adds to that series instead of creating an Event; the series is
 *       updated with its count, at most one update waiting per series, so a burst costs one write.
 *   <li><b>Rate limit</b>: a new series takes a token from a bucket of {@link Limits#burst} tokens,
 *       refilled one per {@link Limits#refillEvery}; without a token the event is dropped and
 *       counted ({@link Dropped#RATE_LIMITED}).
 *   <li><b>Bounds</b>: at most {@link Limits#queueCapacity} writes wait (more are dropped, {@link
 *       Dropped#QUEUE_FULL}), at most {@link Limits#maxSeries} series are remembered (the least
 *       recently seen is forgotten). A write that fails is counted ({@link Dropped#WRITE_FAILED})
 *       and logged, once at warning level and then at debug level, and nothing else happens.
 * </ul>
 */
public final class ReportingEvents implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ReportingEvents.class.getName());

  /** How long {@link #close} lets queued writes finish. */
  public static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

  /** Why an event was not written. */
  public enum Dropped {
    RATE_LIMITED,
    QUEUE_FULL,
    WRITE_FAILED
  }

  /**
   * How much is remembered, queued and written.
   *
   * @param queueCapacity writes that may wait
   * @param maxSeries series remembered for aggregation
   * @param burst new series that may be created at once
   * @param refillEvery how often the rate limit allows one more new series
   * @param seriesWindow how long after its last occurrence an event still adds to its series
   */
  public record Limits(
      int queueCapacity, int maxSeries, int burst, Duration refillEvery, Duration seriesWindow) {
    public Limits {
      if (queueCapacity < 1 || maxSeries < 1 || burst < 1) {
        throw new IllegalArgumentException("Event limits must be at least 1");
      }
      if (refillEvery.isNegative() || refillEvery.isZero() || seriesWindow.isNegative()) {
        throw new IllegalArgumentException("Event refill interval must be positive");
      }
    }

    /** client-go's figures: 25 at once, series of six minutes; one new series per 10 s after. */
    public static Limits defaults() {
      return new Limits(256, 1024, 25, Duration.ofSeconds(10), Duration.ofMinutes(6));
    }
  }

  /** One remembered series and whether a write of it waits in the queue. */
  private static final class Series {
    EventSeries current;
    boolean waiting;
    boolean lost;

    Series(EventSeries current) {
      this.current = current;
    }
  }

  private record Write(Series series, boolean create) {}

  private final ClusterEvents sink;
  private final Clock clock;
  private final Limits limits;
  private final BlockingQueue<Write> queue;
  private final Map<ClusterEvent, Series> series;
  private final Map<Dropped, LongAdder> dropped = new EnumMap<>(Dropped.class);
  private final AtomicBoolean warned = new AtomicBoolean();
  private volatile boolean closing;
  private double tokens;
  private Instant refilled;
  private long lastStamp;
  private Thread writer;

  public ReportingEvents(ClusterEvents sink, Clock clock, Limits limits) {
    this.sink = sink;
    this.clock = clock;
    this.limits = limits;
    this.queue = new ArrayBlockingQueue<>(limits.queueCapacity());
    this.series = new LinkedHashMap<>(16, 0.75f, true);
    this.tokens = limits.burst();
    this.refilled = clock.instant();
    for (Dropped reason : Dropped.values()) {
      dropped.put(reason, new LongAdder());
    }
  }

  /** Starts the writer thread. */
  public synchronized void start() {
    if (writer == null) {
      writer = new Thread(this::writeUntilInterrupted, "cluster-events");
      writer.setDaemon(true);
      writer.start();
    }
  }

  /**
   * Records that {@code event} happened now. Never blocks and never throws: an event that cannot be
   * queued is dropped and counted.
   */
  public void report(ClusterEvent event) {
    Write write;
    synchronized (this) {
      Instant now = clock.instant();
      Series known = series.get(event);
      if (known != null
          && !known.lost
          && !now.isAfter(known.current.last().plus(limits.seriesWindow()))) {
        known.current = known.current.repeated(now);
        if (known.waiting) {
          return; // the write waiting in the queue will carry the new count
        }
        known.waiting = true;
        write = new Write(known, false);
      } else {
        if (!takeToken(now)) {
          dropped.get(Dropped.RATE_LIMITED).increment();
          return;
        }
        Series started = new Series(new EventSeries(nameFor(event, now), event, 1, now, now));
        started.waiting = true;
        series.put(event, started);
        forgetBeyondLimit();
        write = new Write(started, true);
      }
      if (!queue.offer(write)) {
        dropped.get(Dropped.QUEUE_FULL).increment();
        write.series().waiting = false;
        write.series().lost = write.create(); // never created: the next occurrence starts anew
      }
    }
  }

  /** Events not written so far, by why. */
  public Map<Dropped, Long> dropped() {
    Map<Dropped, Long> counts = new EnumMap<>(Dropped.class);
    dropped.forEach((reason, count) -> counts.put(reason, count.sum()));
    return counts;
  }

  private boolean takeToken(Instant now) {
    if (now.isAfter(refilled)) {
      double earned =
          (double) Duration.between(refilled, now).toNanos() / limits.refillEvery().toNanos();
      tokens = Math.min(limits.burst(), tokens + earned);
      refilled = now;
    }
    if (tokens < 1) {
      return false;
    }
    tokens--;
    return true;
  }

  private void forgetBeyondLimit() {
    Iterator<Series> eldest = series.values().iterator();
    while (series.size() > limits.maxSeries() && eldest.hasNext()) {
      eldest.next();
      eldest.remove();
    }
  }

  /** {@code <subject>.<hex time>} as client-go names Events, unique even within one nanosecond. */
  private String nameFor(ClusterEvent event, Instant now) {
    long stamp = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    lastStamp = Math.max(stamp, lastStamp + 1);
    return event.subject().name() + "." + Long.toHexString(lastStamp);
  }

  private void writeUntilInterrupted() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Write next = queue.poll(100, TimeUnit.MILLISECONDS);
        if (next != null) {
          write(next);
        } else if (closing) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void write(Write write) {
    EventSeries snapshot;
    synchronized (this) {
      write.series().waiting = false;
      if (write.series().lost) {
        return;
      }
      snapshot = write.series().current;
    }
    try {
      if (write.create()) {
        sink.create(snapshot);
      } else {
        sink.update(snapshot);
      }
    } catch (RuntimeException e) {
      dropped.get(Dropped.WRITE_FAILED).increment();
      if (write.create()) {
        synchronized (this) {
          write.series().lost = true;
        }
      }
      LOG.log(
          warned.compareAndSet(false, true) ? Level.WARNING : Level.DEBUG,
          "Could not write the Kubernetes Event "
              + snapshot.event().reason().reason()
              + " about "
              + snapshot.event().subject().name()
              + " (tasks are not affected): "
              + e.getMessage());
    }
  }

  /**
   * Stops the writer once the queue is empty (so an Event about a failed start still reaches the
   * cluster), waiting at most {@link #CLOSE_WAIT}; what is left then is dropped.
   */
  @Override
  public void close() {
    Thread running;
    synchronized (this) {
      running = writer;
      writer = null;
    }
    if (running == null) {
      return;
    }
    closing = true;
    try {
      running.join(CLOSE_WAIT.toMillis());
      running.interrupt();
      running.join(CLOSE_WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
