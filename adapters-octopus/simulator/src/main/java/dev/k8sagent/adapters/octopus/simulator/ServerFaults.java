package dev.k8sagent.adapters.octopus.simulator;

import java.util.EnumMap;
import java.util.Map;

/**
 * Faults the simulated server injects on purpose, so tests can show the agent comes through them.
 * Each fault is armed for a number of occurrences and consumed as it happens; {@link #injected}
 * counts what really happened, so a test can wait for the fault rather than for time to pass.
 */
public final class ServerFaults {
  /** What the server does wrong. */
  public enum Fault {
    /** Completes TLS, reads the agent's identity and never answers {@code MX-SERVER}. */
    SILENT_AFTER_IDENTITY,
    /** Sends a request and half of its first data stream, then drops the connection. */
    DROP_MID_REQUEST_STREAM,
    /** Drops the connection once the first bytes of a response's data stream have arrived. */
    DROP_MID_RESPONSE,
    /** Reads the agent's {@code NEXT} and drops the connection instead of sending PROCEED. */
    DROP_BEFORE_PROCEED
  }

  private final Map<Fault, Integer> armed = new EnumMap<>(Fault.class);
  private final Map<Fault, Integer> injected = new EnumMap<>(Fault.class);

  /** The next {@code times} occasions for {@code fault} go wrong. */
  public synchronized void arm(Fault fault, int times) {
    armed.merge(fault, times, Integer::sum);
  }

  /** How often {@code fault} has been injected so far. */
  public synchronized int injected(Fault fault) {
    return injected.getOrDefault(fault, 0);
  }

  /** Whether this occasion goes wrong; consumes one arming when it does. */
  synchronized boolean take(Fault fault) {
    int left = armed.getOrDefault(fault, 0);
    if (left <= 0) {
      return false;
    }
    armed.put(fault, left - 1);
    injected.merge(fault, 1, Integer::sum);
    return true;
  }
}
