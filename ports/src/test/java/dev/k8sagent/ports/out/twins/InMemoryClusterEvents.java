package dev.k8sagent.ports.out.twins;

import dev.k8sagent.ports.out.ClusterEvents;
import dev.k8sagent.ports.out.EventNotWrittenException;
import dev.k8sagent.ports.out.EventSeries;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link ClusterEvents} in memory, keyed by namespace and name as the API server keys them. {@link
 * #failNext} makes the next writes fail, as an API server that refuses or does not answer.
 */
public final class InMemoryClusterEvents implements ClusterEvents {
  private final Map<String, EventSeries> stored = new ConcurrentHashMap<>();
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicInteger writes = new AtomicInteger();

  @Override
  public void create(EventSeries series) {
    refuseIfPlanned(series);
    if (stored.putIfAbsent(key(series), series) != null) {
      throw new EventNotWrittenException("Event " + series.name() + " already exists");
    }
    writes.incrementAndGet();
  }

  @Override
  public void update(EventSeries series) {
    refuseIfPlanned(series);
    if (stored.computeIfPresent(key(series), (k, old) -> series) == null) {
      throw new EventNotWrittenException("No Event " + series.name() + " to update");
    }
    writes.incrementAndGet();
  }

  /** The next {@code count} writes fail. */
  public void failNext(int count) {
    failures.set(count);
  }

  /** The Events stored in {@code namespace}. */
  public List<EventSeries> stored(String namespace) {
    return stored.values().stream()
        .filter(s -> s.event().subject().namespace().equals(namespace))
        .toList();
  }

  /** Writes that succeeded. */
  public int writes() {
    return writes.get();
  }

  private void refuseIfPlanned(EventSeries series) {
    if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new EventNotWrittenException("Event " + series.name() + ": injected failure");
    }
  }

  private static String key(EventSeries series) {
    return series.event().subject().namespace() + "/" + series.name();
  }
}
