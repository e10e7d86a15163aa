package dev.k8sagent.ports.out;

import java.time.Instant;
import java.util.Objects;

/**
 * One Event as stored: the event, the name it is stored under, how often it happened and when first
 * and last. A series of one is a plain Event; more is an Event with {@code series.count}.
 *
 * @param name the Event object's name, unique in the subject's namespace
 * @param event what happened
 * @param count how often, at least 1
 * @param first when it first happened
 * @param last when it last happened, not before {@code first}
 */
public record EventSeries(String name, ClusterEvent event, int count, Instant first, Instant last) {
  public EventSeries {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(last, "last");
    if (count < 1) {
      throw new IllegalArgumentException("An event series happened at least once, got " + count);
    }
    if (last.isBefore(first)) {
      throw new IllegalArgumentException("An event series cannot end before it starts");
    }
  }

  /** This series, once more at {@code when}. */
  public EventSeries repeated(Instant when) {
    return new EventSeries(name, event, count + 1, first, when.isBefore(last) ? last : when);
  }
}
