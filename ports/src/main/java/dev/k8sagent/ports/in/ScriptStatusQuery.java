package dev.k8sagent.ports.in;

import dev.k8sagent.domain.task.ScriptTicket;
import java.util.Objects;

/** "How is this task doing, and what did it print after line {@code lastLogSequence}?" */
public record ScriptStatusQuery(ScriptTicket ticket, long lastLogSequence) {
  public ScriptStatusQuery {
    Objects.requireNonNull(ticket, "ticket");
  }
}
