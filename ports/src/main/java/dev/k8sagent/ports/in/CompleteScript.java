package dev.k8sagent.ports.in;

import dev.k8sagent.domain.task.ScriptTicket;
import java.util.Objects;

/** The server has everything it wants from a task: clean up after it. */
public record CompleteScript(ScriptTicket ticket, long lastLogSequence) {
  public CompleteScript {
    Objects.requireNonNull(ticket, "ticket");
  }
}
