package dev.k8sagent.ports.service;

import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.ports.out.PodObservation;
import dev.k8sagent.ports.out.ScriptPods;
import dev.k8sagent.ports.out.WorkspaceSummary;
import dev.k8sagent.ports.out.Workspaces;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Removes orphaned workspaces: those with no pod left and untouched for longer than the retention
 * age (a task the server never completed, an agent that died before cleaning up). A workspace whose
 * pod still exists is never removed, however old.
 */
public final class CleaningWorkspaces {
  private final Workspaces workspaces;
  private final ScriptPods pods;
  private final Clock clock;

  public CleaningWorkspaces(Workspaces workspaces, ScriptPods pods, Clock clock) {
    this.workspaces = workspaces;
    this.pods = pods;
    this.clock = clock;
  }

  /** Deletes the orphans older than {@code maxAge} and returns their tickets. */
  public List<ScriptTicket> removeOrphansOlderThan(Duration maxAge) {
    Set<ScriptTicket> withPods =
        pods.owned().stream().map(PodObservation::ticket).collect(Collectors.toSet());
    List<ScriptTicket> removed = new ArrayList<>();
    for (WorkspaceSummary workspace : workspaces.list()) {
      boolean old = workspace.lastModified().plus(maxAge).isBefore(clock.instant());
      if (old && !withPods.contains(workspace.ticket())) {
        workspaces.delete(workspace.ticket());
        removed.add(workspace.ticket());
      }
    }
    return removed;
  }
}
