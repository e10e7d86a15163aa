package dev.k8sagent.bootstrap.runtime;

import dev.k8sagent.adapters.octopus.simulator.ScriptServiceCalls;
import java.util.ArrayList;
import java.util.List;

/**
 * The server's side of one task's output, as it polls: a cursor, and the script's lines received so
 * far (those the test's scripts print, {@code line <n>}; the agent's own lines are left out).
 */
final class ServerSideOutput {
  private final ScriptServiceCalls calls;
  private final String ticket;
  private final List<String> lines = new ArrayList<>();
  private long cursor;

  ServerSideOutput(ScriptServiceCalls calls, String ticket) {
    this.calls = calls;
    this.ticket = ticket;
  }

  /** One GetStatus from the cursor, as the server polls. */
  synchronized ScriptServiceCalls.Status poll() throws InterruptedException {
    ScriptServiceCalls.Status status = calls.status(ticket, cursor);
    status.logs().stream()
        .map(ScriptServiceCalls.LogLine::text)
        .filter(text -> text.startsWith("line "))
        .forEach(lines::add);
    cursor = Math.max(cursor, status.nextLogSequence());
    return status;
  }

  /** {@link #poll()} for a caller that cannot throw. */
  ScriptServiceCalls.Status pollUnchecked() {
    try {
      return poll();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking about " + ticket, e);
    }
  }

  synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  synchronized int lineCount() {
    return lines.size();
  }

  synchronized long cursor() {
    return cursor;
  }
}
