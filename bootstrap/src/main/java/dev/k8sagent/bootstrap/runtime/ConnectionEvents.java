package dev.k8sagent.bootstrap.runtime;

import dev.k8sagent.adapters.octopus.halibut.polling.ConnectionListener;
import dev.k8sagent.bootstrap.health.PrometheusMetrics;
import dev.k8sagent.ports.out.EventReason;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the polling connections' comings and goings mean for an operator: every reconnect counted by
 * why, an Event when an established connection to an address is lost, and one when all lost
 * connections to it are back. The addresses are the configured ones, never the server's words.
 */
final class ConnectionEvents implements ConnectionListener {
  private final PrometheusMetrics metrics;
  private final AgentEvents events;
  private final Map<URI, AtomicInteger> lost = new ConcurrentHashMap<>();

  ConnectionEvents(PrometheusMetrics metrics, AgentEvents events) {
    this.metrics = metrics;
    this.events = events;
  }

  @Override
  public void identified(URI address) {
    AtomicInteger down = lost.get(address);
    if (down != null && down.get() > 0 && down.decrementAndGet() == 0) {
      events.aboutAgent(
          EventReason.POLLING_RESTORED, "Polling connections to " + address + " are back");
    }
  }

  @Override
  public void dropped(URI address, DropReason reason) {
    metrics.reconnect(reason);
    if (reason == DropReason.CONNECTION_LOST) {
      lost.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
      events.aboutAgent(
          EventReason.POLLING_LOST,
          "A polling connection to " + address + " was lost; the agent is reconnecting");
    }
  }
}
