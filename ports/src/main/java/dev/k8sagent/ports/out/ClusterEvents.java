package dev.k8sagent.ports.out;

/**
 * Where the agent writes Kubernetes Events (events.k8s.io/v1). A series is created once and then
 * updated with its count; the caller aggregates and rate-limits (see {@code
 * dev.k8sagent.ports.service.ReportingEvents}), so an implementation writes exactly what it is
 * given. Calls may block on the network and may fail; they are made from a writer of their own,
 * never on a task's path.
 */
public interface ClusterEvents {
  /**
   * Writes a new Event for the series (its first occurrence, or its count so far).
   *
   * @throws EventNotWrittenException when it could not be written (refused, no answer, exists)
   */
  void create(EventSeries series);

  /**
   * Sets the count and last time of an Event {@link #create created} before.
   *
   * @throws EventNotWrittenException when it could not be written, or no such Event exists
   */
  void update(EventSeries series);
}
