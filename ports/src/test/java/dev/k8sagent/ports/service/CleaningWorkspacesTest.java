package dev.k8sagent.ports.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k8sagent.domain.image.ContainerImage;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.ports.out.PodLaunch;
import dev.k8sagent.ports.out.WorkspaceSummary;
import dev.k8sagent.ports.out.twins.InMemoryScriptPods;
import dev.k8sagent.ports.out.twins.InMemoryWorkspaces;
import dev.k8sagent.ports.out.twins.PodLife;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CleaningWorkspacesTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
  private final InMemoryWorkspaces workspaces = new InMemoryWorkspaces("/octopus", clock);
  private final InMemoryScriptPods pods = new InMemoryScriptPods(clock);
  private final CleaningWorkspaces cleaning = new CleaningWorkspaces(workspaces, pods, clock);

  @Test
  void old_workspaces_without_a_pod_are_removed_and_the_rest_kept() {
    ScriptTicket orphan = new ScriptTicket("orphan");
    ScriptTicket stillRunning = new ScriptTicket("still-running");
    workspaces.create(orphan);
    workspaces.create(stillRunning);
    pods.script(stillRunning, PodLife.runningForever());
    pods.launch(launch(stillRunning));
    clock.advance(Duration.ofDays(2));
    ScriptTicket recent = new ScriptTicket("recent");
    workspaces.create(recent);

    List<ScriptTicket> removed = cleaning.removeOrphansOlderThan(Duration.ofDays(1));

    assertThat(removed).containsExactly(orphan);
    assertThat(workspaces.list())
        .extracting(WorkspaceSummary::ticket)
        .containsExactlyInAnyOrder(stillRunning, recent);
  }

  private static PodLaunch launch(ScriptTicket ticket) {
    return new PodLaunch(
        ticket,
        ContainerImage.parse("tools:1"),
        "/octopus/Work/" + ticket.key(),
        "/octopus/Work/" + ticket.key() + "/k8s-agent-runner.sh",
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Map.of());
  }
}
