package dev.k8sagent.ports.in;

import dev.k8sagent.domain.task.ExitCode;
import dev.k8sagent.domain.task.OutputLine;
import dev.k8sagent.domain.task.ScriptState;
import dev.k8sagent.domain.task.ScriptTicket;
import java.util.List;
import java.util.Objects;

/**
 * A task's state as the server sees it: the state, the exit code (0 until complete), the output
 * lines after the cursor it asked with, and the cursor to ask with next.
 */
public record ScriptStatus(
    ScriptTicket ticket,
    ScriptState state,
    ExitCode exitCode,
    List<OutputLine> logs,
    long nextLogSequence) {
  public ScriptStatus {
    Objects.requireNonNull(ticket, "ticket");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(exitCode, "exitCode");
    logs = List.copyOf(logs);
  }
}
