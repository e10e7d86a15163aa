package dev.k8sagent.ports.out;

import dev.k8sagent.domain.task.ScriptTicket;
import java.time.Instant;
import java.util.Objects;

/** A workspace that exists and when anything in it last changed. */
public record WorkspaceSummary(ScriptTicket ticket, Instant lastModified) {
  public WorkspaceSummary {
    Objects.requireNonNull(ticket, "ticket");
    Objects.requireNonNull(lastModified, "lastModified");
  }
}
