package dev.k8sagent.ports.service;

import static dev.k8sagent.ports.service.StartScripts.aScript;
import static dev.k8sagent.ports.service.StartScripts.lines;
import static org.assertj.core.api.Assertions.assertThat;

import dev.k8sagent.domain.files.RelativePath;
import dev.k8sagent.domain.task.ExitCode;
import dev.k8sagent.domain.task.ScriptOutputFormat;
import dev.k8sagent.domain.task.ScriptState;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.domain.version.KubernetesVersion;
import dev.k8sagent.ports.in.CancelScript;
import dev.k8sagent.ports.in.CompleteScript;
import dev.k8sagent.ports.in.ScriptStatus;
import dev.k8sagent.ports.in.ScriptStatusQuery;
import dev.k8sagent.ports.out.PodLaunch;
import dev.k8sagent.ports.out.twins.InMemoryScriptPods;
import dev.k8sagent.ports.out.twins.InMemoryWorkspaces;
import dev.k8sagent.ports.out.twins.PodLife;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScriptIsolationTest {
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  private final MutableClock clock = new MutableClock(T0);
  private final InMemoryWorkspaces workspaces = new InMemoryWorkspaces("/octopus", clock);
  private final InMemoryScriptPods pods = new InMemoryScriptPods(clock);
  private final RunningScripts scripts =
      new RunningScripts(
          workspaces,
          pods,
          request -> Optional.empty(),
          () -> Optional.of(KubernetesVersion.parse("v1.29.0")),
          ExecutionSettings.defaults(),
          clock);

  private final ScriptTicket first = new ScriptTicket("first");
  private final ScriptTicket second = new ScriptTicket("second");
  private final ScriptTicket third = new ScriptTicket("third");

  @Test
  void tasks_sharing_a_mutex_run_one_at_a_time_in_arrival_order() {
    running(first, second, third);
    scripts.start(aScript(first).isolated("deploy", null).build());
    ScriptStatus waiting = scripts.start(aScript(second).isolated("deploy", null).build());
    scripts.start(aScript(third).isolated("deploy", null).build());

    assertThat(launched()).containsExactly(first);
    assertThat(waiting.state()).isEqualTo(ScriptState.PENDING);
    assertThat(lines(waiting))
        .contains("Waiting for the script isolation mutex 'deploy', held by task first");

    end(first, 0);
    scripts.status(new ScriptStatusQuery(first, 0));
    assertThat(launched()).containsExactly(first, second);

    end(second, 0);
    scripts.status(new ScriptStatusQuery(second, 0));
    assertThat(launched()).containsExactly(first, second, third);
  }

  @Test
  void a_task_waits_only_as_long_as_its_timeout_and_names_the_holder() {
    running(first, second);
    scripts.start(aScript(first).isolated("deploy", null).build());
    scripts.start(aScript(second).isolated("deploy", Duration.ofMinutes(5)).build());

    clock.advance(Duration.ofMinutes(6));
    ScriptStatus status = scripts.status(new ScriptStatusQuery(second, 0));

    assertThat(status.state()).isEqualTo(ScriptState.COMPLETE);
    assertThat(status.exitCode()).isEqualTo(ExitCode.TIMEOUT);
    assertThat(lines(status))
        .anyMatch(
            text ->
                text.contains(
                    "Timed out waiting for the script isolation mutex 'deploy', held by task first"));
    assertThat(launched()).containsExactly(first);
  }

  @Test
  void different_mutexes_and_unisolated_tasks_run_at_once() {
    running(first, second, third);
    scripts.start(aScript(first).isolated("a", null).build());
    scripts.start(aScript(second).isolated("b", null).build());
    scripts.start(aScript(third).build());

    assertThat(launched()).containsExactly(first, second, third);
  }

  @Test
  void a_cancelled_holder_hands_the_mutex_on() {
    running(first, second);
    scripts.start(aScript(first).isolated("deploy", null).build());
    scripts.start(aScript(second).isolated("deploy", null).build());

    scripts.cancel(new CancelScript(first, 0));

    assertThat(launched()).containsExactly(first, second);
  }

  @Test
  void a_cancelled_waiter_never_launches() {
    running(first, second, third);
    scripts.start(aScript(first).isolated("deploy", null).build());
    scripts.start(aScript(second).isolated("deploy", null).build());
    scripts.start(aScript(third).isolated("deploy", null).build());

    ScriptStatus cancelled = scripts.cancel(new CancelScript(second, 0));
    end(first, 0);
    scripts.status(new ScriptStatusQuery(first, 0));

    assertThat(cancelled.exitCode()).isEqualTo(ExitCode.CANCELED);
    assertThat(launched()).containsExactly(first, third);
  }

  @Test
  void completing_a_holder_whose_end_was_not_reported_yet_hands_the_mutex_on() {
    running(first, second);
    scripts.start(aScript(first).isolated("deploy", null).build());
    scripts.start(aScript(second).isolated("deploy", null).build());

    end(first, 0);
    scripts.complete(new CompleteScript(first, 0));

    assertThat(launched()).containsExactly(first, second);
  }

  private void running(ScriptTicket... tickets) {
    for (ScriptTicket ticket : tickets) {
      pods.script(ticket, PodLife.runningForever());
    }
  }

  private java.util.List<ScriptTicket> launched() {
    return pods.launches().stream().map(PodLaunch::ticket).toList();
  }

  private void end(ScriptTicket ticket, int exitCode) {
    String line = ScriptOutputFormat.formatEnd(1, ExitCode.of(exitCode), clock.instant()) + "\n";
    workspaces.write(
        ticket,
        RelativePath.parse("output.log"),
        new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)),
        false);
  }
}
