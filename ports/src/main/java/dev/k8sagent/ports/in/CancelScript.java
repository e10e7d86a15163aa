package dev.k8sagent.ports.in;

import dev.k8sagent.domain.task.ScriptTicket;
import java.util.Objects;

/** Stop a task; the response carries the output after {@code lastLogSequence}. */
public record CancelScript(ScriptTicket ticket, long lastLogSequence) {
  public CancelScript {
    Objects.requireNonNull(ticket, "ticket");
  }
}
