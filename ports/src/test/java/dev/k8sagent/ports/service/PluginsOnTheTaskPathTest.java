package dev.k8sagent.ports.service;

import static dev.k8sagent.ports.service.StartScripts.aScript;
import static dev.k8sagent.ports.service.StartScripts.lines;
import static org.assertj.core.api.Assertions.assertThat;

import dev.k8sagent.domain.files.RelativePath;
import dev.k8sagent.domain.image.ContainerImage;
import dev.k8sagent.domain.task.ExitCode;
import dev.k8sagent.domain.task.ScriptOutputFormat;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.domain.version.KubernetesVersion;
import dev.k8sagent.ports.in.CancelScript;
import dev.k8sagent.ports.in.ScriptStatusQuery;
import dev.k8sagent.ports.out.ImageRequest;
import dev.k8sagent.ports.out.PodAdditions;
import dev.k8sagent.ports.out.PodLaunch;
import dev.k8sagent.ports.out.ToolingImages;
import dev.k8sagent.ports.out.twins.InMemoryPodCustomizers;
import dev.k8sagent.ports.out.twins.InMemoryScriptPods;
import dev.k8sagent.ports.out.twins.InMemoryTaskObservers;
import dev.k8sagent.ports.out.twins.InMemoryWorkspaces;
import dev.k8sagent.ports.out.twins.PodLife;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The core's side of the plugins: pod additions carried to the launch, observers told. */
class PluginsOnTheTaskPathTest {
  private static final ScriptTicket TICKET = new ScriptTicket("Task-7");
  private static final ContainerImage MIRRORED = ContainerImage.parse("mirror.corp/tools:1.29");

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
  private final InMemoryWorkspaces workspaces = new InMemoryWorkspaces("/octopus", clock);
  private final InMemoryScriptPods pods = new InMemoryScriptPods(clock);
  private final InMemoryTaskObservers observers = new InMemoryTaskObservers();

  private RunningScripts scripts(String labelName) {
    ToolingImages mirror =
        new ToolingImages() {
          @Override
          public Optional<ContainerImage> imageFor(ImageRequest request) {
            return Optional.of(MIRRORED);
          }

          @Override
          public Answer answer(ImageRequest request) {
            return new Answer(
                Optional.of(MIRRORED),
                List.of(),
                Optional.of(PodAdditions.PullPolicy.ALWAYS),
                List.of("mirror-pull"));
          }
        };
    return new RunningScripts(
        workspaces,
        pods,
        mirror,
        new InMemoryPodCustomizers("web", labelName, "blue"),
        observers,
        () -> Optional.of(KubernetesVersion.parse("v1.29.3")),
        ExecutionSettings.defaults(),
        clock);
  }

  @Test
  void the_customizers_additions_and_the_offered_pull_reach_the_launch() {
    scripts("team").start(aScript(TICKET).project("web").build());

    PodLaunch launch = pods.launches().get(0);
    assertThat(launch.image()).isEqualTo(MIRRORED);
    assertThat(launch.additions().labels()).containsEntry("team", "blue");
    assertThat(launch.additions().pullPolicy()).contains(PodAdditions.PullPolicy.ALWAYS);
    assertThat(launch.additions().pullSecretNames()).containsExactly("mirror-pull");
  }

  @Test
  void a_refused_customizer_is_named_in_the_task_log_and_the_pod_launched_without_it() {
    RunningScripts scripts = scripts("ticket");

    scripts.start(aScript(TICKET).project("web").build());

    assertThat(pods.launches().get(0).additions().labels()).isEmpty();
    assertThat(lines(scripts.status(new ScriptStatusQuery(TICKET, 0))))
        .anySatisfy(line -> assertThat(line).contains("refused").contains("ticket"));
  }

  @Test
  void observers_are_told_the_launch_and_the_end_with_its_exit_code() {
    pods.script(TICKET, PodLife.runningForever());
    RunningScripts scripts = scripts("team");
    scripts.start(aScript(TICKET).project("web").build());
    assertThat(observers.told()).containsExactly("started Task-7 mirror.corp/tools:1.29");

    runnerEnds(TICKET, 4);
    scripts.status(new ScriptStatusQuery(TICKET, 0));
    scripts.status(new ScriptStatusQuery(TICKET, 0));

    assertThat(observers.told())
        .containsExactly("started Task-7 mirror.corp/tools:1.29", "ended Task-7 4");
  }

  @Test
  void a_cancelled_task_is_told_ended_as_canceled_once() {
    pods.script(TICKET, PodLife.runningForever());
    RunningScripts scripts = scripts("team");
    scripts.start(aScript(TICKET).build());

    scripts.cancel(new CancelScript(TICKET, 0));
    scripts.cancel(new CancelScript(TICKET, 0));

    assertThat(observers.told())
        .containsExactly(
            "started Task-7 mirror.corp/tools:1.29", "ended Task-7 " + ExitCode.CANCELED.value());
  }

  private void runnerEnds(ScriptTicket ticket, int exitCode) {
    String end = ScriptOutputFormat.formatEnd(1, ExitCode.of(exitCode), clock.instant()) + "\n";
    workspaces.write(
        ticket,
        RelativePath.parse("output.log"),
        new ByteArrayInputStream(end.getBytes(StandardCharsets.UTF_8)),
        false);
  }
}
