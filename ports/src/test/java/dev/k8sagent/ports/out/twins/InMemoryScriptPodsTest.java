package dev.k8sagent.ports.out.twins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k8sagent.domain.image.ContainerImage;
import dev.k8sagent.domain.task.ExitCode;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.domain.task.TaskLifecycle;
import dev.k8sagent.ports.out.PodEvent;
import dev.k8sagent.ports.out.PodLaunch;
import dev.k8sagent.ports.out.PodObservation;
import dev.k8sagent.ports.out.ScriptPods;
import dev.k8sagent.ports.out.contract.ScriptPodsContract;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InMemoryScriptPodsTest extends ScriptPodsContract {
  private final InMemoryScriptPods pods = new InMemoryScriptPods(Clock.systemUTC());

  @Override
  protected ScriptPods pods() {
    return pods;
  }

  @Override
  protected PodLaunch launchExiting(ScriptTicket ticket, int exitCode) {
    pods.script(ticket, PodLife.exiting(exitCode));
    return launch(ticket);
  }

  @Override
  protected PodLaunch launchRunningUntilStopped(ScriptTicket ticket) {
    pods.script(ticket, PodLife.runningForever());
    return launch(ticket);
  }

  @Test
  void replays_the_scripted_life_one_step_per_observation_with_its_events() {
    ScriptTicket ticket = new ScriptTicket("scripted");
    PodEvent pulling = new PodEvent(Instant.EPOCH, "Pulling", "Pulling image tools", false);
    pods.script(ticket, PodLife.pending(2).withEvent(pulling).thenRunning(1).thenExit(4));
    pods.launch(launch(ticket));

    List<TaskLifecycle> seen =
        java.util.stream.IntStream.range(0, 5)
            .mapToObj(i -> pods.observe(ticket).orElseThrow().lifecycle())
            .toList();

    assertThat(seen)
        .containsExactly(
            TaskLifecycle.PENDING,
            TaskLifecycle.PENDING,
            TaskLifecycle.RUNNING,
            new TaskLifecycle.Complete(ExitCode.of(4)),
            new TaskLifecycle.Complete(ExitCode.of(4)));
    assertThat(pods.observe(ticket).map(PodObservation::events).orElseThrow())
        .containsExactly(pulling);
  }

  @Test
  void a_vanished_pod_is_no_longer_observed() {
    ScriptTicket ticket = new ScriptTicket("evicted");
    pods.launch(launch(ticket));

    pods.vanish(ticket);

    assertThat(pods.observe(ticket)).isEmpty();
  }

  private static PodLaunch launch(ScriptTicket ticket) {
    return new PodLaunch(
        ticket,
        ContainerImage.parse("octopusdeploy/kubernetes-agent-tools-base:1.29"),
        "/octopus/Work/" + ticket.key(),
        "runner.sh",
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Map.of());
  }
}
