package dev.k8sagent.ports.out;

import dev.k8sagent.domain.Require;
import dev.k8sagent.domain.task.ScriptTicket;
import java.util.Objects;

/** A task's workspace and its directory as script pods see it ({@code /octopus/Work/<ticket>}). */
public record WorkspaceRef(ScriptTicket ticket, String directory) {
  public WorkspaceRef {
    Objects.requireNonNull(ticket, "ticket");
    Require.nonBlank(directory, "directory");
  }
}
