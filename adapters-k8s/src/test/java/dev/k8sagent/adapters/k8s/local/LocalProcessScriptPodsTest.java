package dev.k8sagent.adapters.k8s.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k8sagent.domain.image.ContainerImage;
import dev.k8sagent.domain.task.ScriptState;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.ports.out.PodAdditions;
import dev.k8sagent.ports.out.PodLaunch;
import dev.k8sagent.ports.out.ScriptPods;
import dev.k8sagent.ports.out.contract.ScriptPodsContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalProcessScriptPodsTest extends ScriptPodsContract {
  @TempDir Path home;
  private final LocalProcessScriptPods pods =
      new LocalProcessScriptPods(Clock.systemUTC(), Duration.ofSeconds(2));

  @AfterEach
  void stop() {
    pods.close();
  }

  @Override
  protected ScriptPods pods() {
    return pods;
  }

  @Override
  protected PodLaunch launchExiting(ScriptTicket ticket, int exitCode) {
    return launch(ticket, "sleep 0.2; exit " + exitCode, Map.of());
  }

  @Override
  protected PodLaunch launchRunningUntilStopped(ScriptTicket ticket) {
    return launch(ticket, "while true; do sleep 0.1; done", Map.of());
  }

  @Test
  void the_runner_gets_its_arguments_and_environment_and_runs_in_the_workspace() throws Exception {
    ScriptTicket ticket = new ScriptTicket("env");
    PodLaunch launch =
        launch(ticket, "echo \"$(pwd)|$1|$TentacleHome\" > seen.txt", Map.of("TentacleHome", "/h"));
    pods.launch(launch);
    awaitComplete(ticket);
    assertThat(Files.readString(Path.of(launch.workspaceDirectory(), "seen.txt")).trim())
        .isEqualTo(Path.of(launch.workspaceDirectory()).toRealPath() + "|first-argument|/h");
  }

  @Test
  void a_plugins_variables_reach_the_process_but_never_replace_the_agents() throws Exception {
    ScriptTicket ticket = new ScriptTicket("local-added");
    PodAdditions added =
        new PodAdditions(
            Map.of("ignored", "here"),
            Map.of(),
            Map.of("AWS_REGION", "eu-west-1", "TentacleHome", "/elsewhere"),
            List.of(),
            List.of(),
            List.of(),
            Optional.empty(),
            List.of());
    PodLaunch launch =
        launch(
                ticket,
                "echo \"$AWS_REGION|$TentacleHome\" > seen.txt",
                Map.of("TentacleHome", "/h"))
            .adding(added);

    pods.launch(launch);

    awaitComplete(ticket);
    assertThat(Files.readString(Path.of(launch.workspaceDirectory(), "seen.txt")).trim())
        .isEqualTo("eu-west-1|/h");
  }

  @Test
  void a_cancelled_process_and_its_children_are_stopped() throws Exception {
    ScriptTicket ticket = new ScriptTicket("children");
    PodLaunch launch = launch(ticket, "sleep 300 & echo $! > child.pid; wait", Map.of());
    pods.launch(launch);
    Path pidFile = Path.of(launch.workspaceDirectory(), "child.pid");
    await("the child's pid file")
        .until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
    long child = Long.parseLong(Files.readString(pidFile).trim());
    assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive)).contains(true);

    pods.cancel(ticket);

    await("the child to be stopped")
        .until(() -> !ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false));
  }

  @Test
  void a_workspace_that_is_not_a_local_directory_is_refused_naming_it() {
    PodLaunch launch =
        new PodLaunch(
            new ScriptTicket("remote"),
            ContainerImage.parse("octopusdeploy/kubernetes-agent-tools-base:1.31"),
            "/octopus/Work/remote",
            "/octopus/Work/remote/runner.sh",
            List.of(),
            Optional.empty(),
            Optional.empty(),
            Map.of());
    assertThatThrownBy(() -> pods.launch(launch))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/octopus/Work/remote");
  }

  private void awaitComplete(ScriptTicket ticket) {
    await("task " + ticket + " to complete")
        .until(
            () ->
                pods.observe(ticket)
                    .map(observation -> observation.lifecycle().state() == ScriptState.COMPLETE)
                    .orElse(false));
  }

  private static ConditionFactory await(String what) {
    return Awaitility.await(what).atMost(Duration.ofSeconds(10));
  }

  /** A workspace with a runner that runs {@code body} (the real runner is tested elsewhere). */
  private PodLaunch launch(ScriptTicket ticket, String body, Map<String, String> environment) {
    try {
      Path workspace = Files.createDirectories(home.resolve("Work").resolve(ticket.key()));
      Path runner = workspace.resolve("runner.sh");
      Files.writeString(runner, body + "\n");
      return new PodLaunch(
          ticket,
          ContainerImage.parse("octopusdeploy/kubernetes-agent-tools-base:1.31"),
          workspace.toString(),
          runner.toString(),
          List.of("first-argument"),
          Optional.empty(),
          Optional.empty(),
          environment);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
