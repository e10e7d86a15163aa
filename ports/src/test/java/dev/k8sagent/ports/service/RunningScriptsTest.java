package dev.k8sagent.ports.service;

import static dev.k8sagent.ports.service.StartScripts.aScript;
import static dev.k8sagent.ports.service.StartScripts.lines;
import static dev.k8sagent.ports.service.StartScripts.scriptLines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k8sagent.domain.files.RelativePath;
import dev.k8sagent.domain.image.ContainerImage;
import dev.k8sagent.domain.image.ImagePullCredentials;
import dev.k8sagent.domain.task.ExitCode;
import dev.k8sagent.domain.task.OutputLine;
import dev.k8sagent.domain.task.OutputSource;
import dev.k8sagent.domain.task.ScriptOutputFormat;
import dev.k8sagent.domain.task.ScriptState;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.domain.task.ScriptType;
import dev.k8sagent.domain.version.KubernetesVersion;
import dev.k8sagent.ports.in.CancelScript;
import dev.k8sagent.ports.in.CompleteScript;
import dev.k8sagent.ports.in.ScriptStatus;
import dev.k8sagent.ports.in.ScriptStatusQuery;
import dev.k8sagent.ports.in.StartScript;
import dev.k8sagent.ports.in.StepImage;
import dev.k8sagent.ports.out.ClusterInfo;
import dev.k8sagent.ports.out.ImageRequest;
import dev.k8sagent.ports.out.PodEvent;
import dev.k8sagent.ports.out.PodLaunch;
import dev.k8sagent.ports.out.ToolingImages;
import dev.k8sagent.ports.out.twins.InMemoryScriptPods;
import dev.k8sagent.ports.out.twins.InMemoryWorkspaces;
import dev.k8sagent.ports.out.twins.PodLife;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunningScriptsTest {
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  private static final ScriptTicket TICKET = new ScriptTicket("Task-1");

  private final MutableClock clock = new MutableClock(T0);
  private final InMemoryWorkspaces workspaces = new InMemoryWorkspaces("/octopus", clock);
  private final InMemoryScriptPods pods = new InMemoryScriptPods(clock);
  private ToolingImages toolingImages = request -> Optional.empty();
  private ClusterInfo clusterInfo = () -> Optional.of(KubernetesVersion.parse("v1.29.3"));
  private ExecutionSettings settings = ExecutionSettings.defaults();
  private final Map<ScriptTicket, List<String>> written = new HashMap<>();
  private RunningScripts scripts = newService();

  private RunningScripts newService() {
    return new RunningScripts(
        workspaces,
        pods,
        new ToolingImages() {
          @Override
          public Optional<ContainerImage> imageFor(ImageRequest request) {
            return toolingImages.imageFor(request);
          }

          @Override
          public Answer answer(ImageRequest request) {
            return toolingImages.answer(request);
          }
        },
        () -> clusterInfo.version(),
        settings,
        clock);
  }

  // ---- metrics ----

  @Test
  void the_time_from_launch_to_a_running_script_is_recorded_once_per_task() {
    pods.script(TICKET, PodLife.pending(2).thenRunning(2).thenExit(0));
    scripts.start(aScript(TICKET).build());
    clock.advance(Duration.ofSeconds(7));
    for (int i = 0; i < 6; i++) {
      scripts.status(new ScriptStatusQuery(TICKET, 0));
    }

    assertThat(scripts.podStartTimes())
        .isEqualTo(new RunningScripts.PodStartTimes(1, Duration.ofSeconds(7)));
    assertThat(scripts.tasksByState()).containsEntry(ScriptState.RUNNING, 1);
  }

  // ---- abandoned tasks ----

  @Test
  void a_finished_task_the_server_stopped_asking_about_is_let_go_with_its_pod() {
    ScriptTicket running = new ScriptTicket("still-running");
    pods.script(running, PodLife.runningForever());
    scripts.start(aScript(TICKET).build());
    scripts.start(aScript(running).build());
    for (int i = 0; i < 3; i++) {
      scripts.status(new ScriptStatusQuery(TICKET, 0));
      scripts.status(new ScriptStatusQuery(running, 0));
    }

    clock.advance(Duration.ofHours(1));
    assertThat(scripts.forgetAbandonedOlderThan(Duration.ofHours(2))).isEmpty();
    scripts.status(new ScriptStatusQuery(running, 0));
    clock.advance(Duration.ofHours(2));

    assertThat(scripts.forgetAbandonedOlderThan(Duration.ofHours(2))).containsExactly(TICKET);
    assertThat(pods.observe(TICKET)).isEmpty();
    assertThat(pods.observe(running)).isPresent();
    assertThat(scripts.status(new ScriptStatusQuery(TICKET, 0)).exitCode())
        .isEqualTo(ExitCode.KUBERNETES_SCRIPT_POD_NOT_FOUND);
  }

  // ---- start ----

  @Test
  void start_writes_the_workspace_and_launches_a_pod_in_the_cluster_matched_tools_image()
      throws Exception {
    ScriptStatus status =
        scripts.start(
            aScript(TICKET)
                .body("echo deploying\r\necho done\r\n")
                .file("config/app.json", "{}")
                .arguments("--verbose")
                .build());

    assertThat(status.state()).isEqualTo(ScriptState.PENDING);
    assertThat(read(TICKET, "Bootstrap.sh")).isEqualTo("echo deploying\necho done\n");
    assertThat(read(TICKET, "config/app.json")).isEqualTo("{}");
    assertThat(read(TICKET, "k8s-agent-runner.sh")).startsWith("#!/bin/sh");
    PodLaunch launch = pods.launches().get(0);
    assertThat(launch.image().reference())
        .isEqualTo("octopusdeploy/kubernetes-agent-tools-base:1.29");
    assertThat(launch.runner()).isEqualTo("/octopus/Work/task-1/k8s-agent-runner.sh");
    assertThat(launch.runnerArguments())
        .containsExactly("/octopus/Work/task-1", "bash", "Bootstrap.sh", "--verbose");
    assertThat(lines(status)).anyMatch(text -> text.contains("with image octopusdeploy/"));
  }

  @Test
  void a_powershell_only_script_is_run_with_pwsh() throws Exception {
    scripts.start(aScript(TICKET).body("").script(ScriptType.POWERSHELL, "Write-Host hi").build());

    assertThat(read(TICKET, "Bootstrap.ps1")).isEqualTo("Write-Host hi");
    assertThat(pods.launches().get(0).runnerArguments()).contains("pwsh", "Bootstrap.ps1");
  }

  @Test
  void the_step_image_wins_over_plugins_and_the_default() {
    ContainerImage step = ContainerImage.parse("registry.local/deploy:7");
    ImagePullCredentials credentials =
        new ImagePullCredentials("https://registry.local", "robot", "pw");
    toolingImages = request -> Optional.of(ContainerImage.parse("plugin/image:1"));

    scripts.start(aScript(TICKET).stepImage(new StepImage(step, Optional.of(credentials))).build());

    assertThat(pods.launches().get(0).image()).isEqualTo(step);
    assertThat(pods.launches().get(0).pullCredentials()).contains(credentials);
  }

  @Test
  void a_plugin_image_wins_over_the_default() {
    toolingImages = request -> Optional.of(ContainerImage.parse("plugin/image:1"));

    scripts.start(aScript(TICKET).build());

    assertThat(pods.launches().get(0).image().reference()).isEqualTo("plugin/image:1");
  }

  @Test
  void why_an_image_plugin_was_skipped_is_in_the_task_log_before_the_script_output() {
    toolingImages =
        new ToolingImages() {
          @Override
          public Optional<ContainerImage> imageFor(ImageRequest request) {
            return Optional.empty();
          }

          @Override
          public Answer answer(ImageRequest request) {
            return new Answer(
                Optional.empty(), List.of("Plugin mirror: image provider failed; skipped"));
          }
        };

    ScriptStatus status = scripts.start(aScript(TICKET).build());

    assertThat(pods.launches().get(0).image().reference()).endsWith(":1.29");
    assertThat(lines(status)).first().isEqualTo("Plugin mirror: image provider failed; skipped");
  }

  @Test
  void an_unknown_cluster_version_uses_the_newest_tools_image_and_says_so() {
    clusterInfo = Optional::empty;

    ScriptStatus status = scripts.start(aScript(TICKET).build());

    assertThat(pods.launches().get(0).image().reference()).endsWith(":1.36");
    assertThat(lines(status)).anyMatch(text -> text.contains("cluster version is not known"));
  }

  @Test
  void starting_the_same_ticket_twice_launches_one_pod() {
    scripts.start(aScript(TICKET).build());
    ScriptStatus again = scripts.start(aScript(TICKET).build());

    assertThat(pods.launches()).hasSize(1);
    assertThat(again.ticket()).isEqualTo(TICKET);
  }

  @Test
  void a_ticket_that_differs_only_in_case_from_a_known_task_is_refused_not_given_its_output() {
    scripts.start(aScript(TICKET).build());
    ScriptTicket otherCase = new ScriptTicket(TICKET.taskId().toUpperCase(java.util.Locale.ROOT));

    assertThatThrownBy(() -> scripts.start(aScript(otherCase).build()))
        .isInstanceOfSatisfying(
            dev.k8sagent.ports.in.RequestRefused.class,
            refused ->
                assertThat(refused.reason())
                    .isEqualTo(dev.k8sagent.ports.in.RequestRefused.Reason.INVALID_REQUEST))
        .hasMessageContaining("differs only in case");
    assertThat(pods.launches()).hasSize(1);
    assertThat(scripts.trackedTasks()).isEqualTo(1);
  }

  @Test
  void a_file_sent_with_a_password_is_stored_encrypted_for_calamari() throws Exception {
    scripts.start(aScript(TICKET).encryptedFile("variables.json", "{\"a\":1}", "pw").build());

    byte[] stored;
    try (InputStream in =
        workspaces.read(TICKET, RelativePath.parse("variables.json")).orElseThrow().open()) {
      stored = in.readAllBytes();
    }
    assertThat(new String(stored, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("IV__");
    assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("\"a\"");
  }

  @Test
  void a_command_that_fails_while_preparing_leaves_nothing_behind() {
    StartScript command = aScript(TICKET).file("ok.txt", "x").brokenFile("broken.bin").build();

    assertThatThrownBy(() -> scripts.start(command)).hasMessageContaining("broken.bin");
    assertThat(workspaces.list()).isEmpty();
    assertThat(pods.launches()).isEmpty();
    assertThat(scripts.trackedTasks()).isZero();
  }

  // ---- output ----

  @Test
  void status_returns_exactly_the_lines_after_the_cursor_and_completes_on_the_end_marker() {
    pods.script(TICKET, PodLife.runningForever());
    scripts.start(aScript(TICKET).build());
    ScriptStatus first = scripts.status(new ScriptStatusQuery(TICKET, 0));

    runnerWrites(TICKET, "one", "two");
    ScriptStatus second = scripts.status(new ScriptStatusQuery(TICKET, first.nextLogSequence()));
    ScriptStatus retried = scripts.status(new ScriptStatusQuery(TICKET, first.nextLogSequence()));
    runnerWrites(TICKET, "three");
    runnerEnds(TICKET, 4);
    ScriptStatus last = scripts.status(new ScriptStatusQuery(TICKET, second.nextLogSequence()));

    assertThat(scriptLines(second)).containsExactly("one", "two");
    assertThat(retried).isEqualTo(second);
    assertThat(second.state()).isEqualTo(ScriptState.RUNNING);
    assertThat(scriptLines(last)).containsExactly("three");
    assertThat(last.state()).isEqualTo(ScriptState.COMPLETE);
    assertThat(last.exitCode()).isEqualTo(ExitCode.of(4));
    assertThat(scripts.status(new ScriptStatusQuery(TICKET, last.nextLogSequence())).logs())
        .isEmpty();
  }

  @Test
  void a_line_still_being_written_waits_for_its_newline() {
    pods.script(TICKET, PodLife.runningForever());
    scripts.start(aScript(TICKET).build());
    String complete =
        ScriptOutputFormat.format(new OutputLine(1, OutputSource.STDOUT, "whole", T0));
    String torn = "2026-11-24T10:00:00Z|2|stdout|half a li";
    writeOutput(TICKET, complete + "\n" + torn);

    ScriptStatus status = scripts.status(new ScriptStatusQuery(TICKET, 0));
    writeOutput(TICKET, complete + "\n" + torn + "ne\n");
    ScriptStatus later = scripts.status(new ScriptStatusQuery(TICKET, status.nextLogSequence()));

    assertThat(scriptLines(status)).containsExactly("whole");
    assertThat(scriptLines(later)).containsExactly("half a line");
  }

  @Test
  void a_complete_task_is_reported_running_until_the_server_has_every_line() {
    settings = withMaxLines(2);
    scripts = newService();
    pods.script(TICKET, PodLife.runningForever());
    scripts.start(aScript(TICKET).build());
    runnerWrites(TICKET, "a", "b", "c", "d", "e");
    runnerEnds(TICKET, 0);

    List<String> seen = new ArrayList<>();
    long cursor = 0;
    ScriptStatus status;
    do {
      status = scripts.status(new ScriptStatusQuery(TICKET, cursor));
      seen.addAll(scriptLines(status));
      cursor = status.nextLogSequence();
    } while (status.state() != ScriptState.COMPLETE);

    assertThat(seen).containsExactly("a", "b", "c", "d", "e");
    assertThat(status.logs()).hasSizeLessThanOrEqualTo(2);
  }

  @Test
  void a_finished_task_whose_output_file_went_away_is_still_reported_complete() {
    pods.script(TICKET, PodLife.runningForever());
    scripts.start(aScript(TICKET).build());
    runnerWrites(TICKET, "a", "b", "c");
    runnerEnds(TICKET, 0);
    settings = withMaxLines(1);
    scripts = newService();
    scripts.reattach();
    ScriptStatus status = scripts.status(new ScriptStatusQuery(TICKET, 0));
    workspaces.delete(TICKET);

    for (int asked = 0; asked < 3 && status.state() != ScriptState.COMPLETE; asked++) {
      status = scripts.status(new ScriptStatusQuery(TICKET, status.nextLogSequence()));
    }

    assertThat(status.state()).isEqualTo(ScriptState.COMPLETE);
    assertThat(status.exitCode()).isEqualTo(ExitCode.SUCCESS);
  }

  @Test
  void pod_events_appear_in_the_output_with_warnings_on_stderr() {
    PodEvent pulling = new PodEvent(T0, "Pulling", "Pulling image tools:1.29", false);
    PodEvent backOff = new PodEvent(T0, "BackOff", "Back-off pulling image", true);
    pods.script(TICKET, PodLife.pending(1).withEvent(pulling).withEvent(backOff).forever());
    scripts.start(aScript(TICKET).build());

    ScriptStatus status = scripts.status(new ScriptStatusQuery(TICKET, 0));

    assertThat(status.logs())
        .filteredOn(line -> line.text().startsWith("[POD EVENT]"))
        .extracting(OutputLine::source, OutputLine::text)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                OutputSource.DEBUG, "[POD EVENT] Pulling | Pulling image tools:1.29"),
            org.assertj.core.groups.Tuple.tuple(
                OutputSource.STDERR, "[POD EVENT] BackOff | Back-off pulling image"));
    assertThat(scripts.status(new ScriptStatusQuery(TICKET, status.nextLogSequence())).logs())
        .isEmpty();
  }

  @Test
  void pod_events_stay_out_of_the_output_when_turned_off() {
    settings =
        new ExecutionSettings(
            Duration.ofMinutes(60),
            Duration.ZERO,
            false,
            false,
            false,
            1000,
            settings.kubernetesSupport(),
            Map.of(),
            ExecutionSettings.DEFAULT_MAX_RUNNING_TASKS);
    scripts = newService();
    pods.script(
        TICKET, PodLife.pending(1).withEvent(new PodEvent(T0, "Pulling", "x", false)).forever());
    scripts.start(aScript(TICKET).build());

    assertThat(lines(scripts.status(new ScriptStatusQuery(TICKET, 0))))
        .noneMatch(text -> text.startsWith("[POD EVENT]"));
  }

  // ---- ending without a marker ----

  @Test
  void a_pod_stuck_pending_times_out_naming_its_last_event() {
    pods.script(
        TICKET,
        PodLife.pending(1)
            .withEvent(new PodEvent(T0, "FailedScheduling", "0/3 nodes are available", true))
            .forever());
    scripts.start(aScript(TICKET).build());
    scripts.status(new ScriptStatusQuery(TICKET, 0));

    clock.advance(Duration.ofMinutes(61));
    ScriptStatus status = scripts.status(new ScriptStatusQuery(TICKET, 0));

    assertThat(status.state()).isEqualTo(ScriptState.COMPLETE);
    assertThat(status.exitCode()).isEqualTo(ExitCode.TIMEOUT);
    assertThat(lines(status))
        .anyMatch(
            text ->
                text.contains(
                    "Pending for more than 60 minutes (last pod event: FailedScheduling)"));
  }

  @Test
  void a_pod_that_disappears_without_an_end_marker_is_reported_not_found() {
    pods.script(TICKET, PodLife.runningForever());
    scripts.start(aScript(TICKET).build());
    runnerWrites(TICKET, "started");
    pods.vanish(TICKET);

    ScriptStatus status = scripts.status(new ScriptStatusQuery(TICKET, 0));

    assertThat(status.exitCode()).isEqualTo(ExitCode.KUBERNETES_SCRIPT_POD_NOT_FOUND);
    assertThat(scriptLines(status)).containsExactly("started");
    assertThat(lines(status)).anyMatch(text -> text.contains("could not be found"));
  }

  @Test
  void a_pod_that_ends_without_an_end_marker_reports_its_exit_code_after_a_grace_period() {
    pods.script(TICKET, PodLife.running(1).thenExit(137));
    scripts.start(aScript(TICKET).build());
    scripts.status(new ScriptStatusQuery(TICKET, 0));

    ScriptStatus withinGrace = scripts.status(new ScriptStatusQuery(TICKET, 0));
    clock.advance(Duration.ofSeconds(31));
    ScriptStatus after = scripts.status(new ScriptStatusQuery(TICKET, 0));

    assertThat(withinGrace.state()).isEqualTo(ScriptState.RUNNING);
    assertThat(after.exitCode()).isEqualTo(ExitCode.of(137));
    assertThat(lines(after)).anyMatch(text -> text.contains("never reported the script's end"));
  }

  @Test
  void the_end_marker_arriving_within_the_grace_period_wins() {
    pods.script(TICKET, PodLife.running(1).thenExit(0));
    scripts.start(aScript(TICKET).build());
    scripts.status(new ScriptStatusQuery(TICKET, 0));
    scripts.status(new ScriptStatusQuery(TICKET, 0));

    runnerWrites(TICKET, "late line");
    runnerEnds(TICKET, 5);
    ScriptStatus status = scripts.status(new ScriptStatusQuery(TICKET, 0));

    assertThat(status.exitCode()).isEqualTo(ExitCode.of(5));
    assertThat(scriptLines(status)).containsExactly("late line");
  }

  // ---- cancel and complete ----

  @Test
  void cancel_stops_the_pod_and_reports_canceled() {
    pods.script(TICKET, PodLife.runningForever());
    scripts.start(aScript(TICKET).build());
    runnerWrites(TICKET, "working");

    ScriptStatus status = scripts.cancel(new CancelScript(TICKET, 0));

    assertThat(status.state()).isEqualTo(ScriptState.COMPLETE);
    assertThat(status.exitCode()).isEqualTo(ExitCode.CANCELED);
    assertThat(scriptLines(status)).containsExactly("working");
    assertThat(lines(status)).contains("Script execution canceled.");
    assertThat(pods.observe(TICKET).orElseThrow().lifecycle().reportedExitCode())
        .isEqualTo(ExitCode.CANCELED);
  }

  @Test
  void cancelling_a_finished_task_changes_nothing() {
    scripts.start(aScript(TICKET).build());
    runnerEnds(TICKET, 0);
    ScriptStatus done = scripts.status(new ScriptStatusQuery(TICKET, 0));

    ScriptStatus afterCancel = scripts.cancel(new CancelScript(TICKET, 0));

    assertThat(afterCancel.exitCode()).isEqualTo(ExitCode.SUCCESS);
    assertThat(afterCancel.logs()).isEqualTo(done.logs());
  }

  @Test
  void complete_removes_pod_and_workspace_and_returns_the_last_lines() {
    scripts.start(aScript(TICKET).build());
    runnerWrites(TICKET, "bye");
    runnerEnds(TICKET, 0);

    ScriptStatus status = scripts.complete(new CompleteScript(TICKET, 0));

    assertThat(scriptLines(status)).containsExactly("bye");
    assertThat(pods.observe(TICKET)).isEmpty();
    assertThat(workspaces.list()).isEmpty();
    assertThat(scripts.trackedTasks()).isZero();
  }

  @Test
  void completing_an_unknown_ticket_is_harmless() {
    ScriptStatus status = scripts.complete(new CompleteScript(new ScriptTicket("nope"), 7));

    assertThat(status.state()).isEqualTo(ScriptState.COMPLETE);
    assertThat(status.nextLogSequence()).isEqualTo(7);
  }

  @Test
  void retention_keeps_the_pod_and_workspace() {
    settings =
        new ExecutionSettings(
            Duration.ofMinutes(60),
            Duration.ZERO,
            true,
            true,
            true,
            1000,
            settings.kubernetesSupport(),
            Map.of(),
            ExecutionSettings.DEFAULT_MAX_RUNNING_TASKS);
    scripts = newService();
    scripts.start(aScript(TICKET).build());

    scripts.complete(new CompleteScript(TICKET, 0));

    assertThat(pods.observe(TICKET)).isPresent();
    assertThat(workspaces.list()).hasSize(1);
  }

  @Test
  void an_unknown_ticket_is_reported_as_a_missing_pod() {
    ScriptStatus status = scripts.status(new ScriptStatusQuery(new ScriptTicket("ghost"), 12));

    assertThat(status.state()).isEqualTo(ScriptState.COMPLETE);
    assertThat(status.exitCode()).isEqualTo(ExitCode.KUBERNETES_SCRIPT_POD_NOT_FOUND);
    assertThat(status.logs()).singleElement().extracting(OutputLine::sequence).isEqualTo(13L);
  }

  // ---- restart ----

  @Test
  void a_restarted_agent_numbers_every_script_line_as_before() {
    pods.script(TICKET, PodLife.runningForever());
    scripts.start(aScript(TICKET).build());
    runnerWrites(TICKET, "one", "two", "three");
    ScriptStatus before = scripts.status(new ScriptStatusQuery(TICKET, 0));
    long cursorAfterTwo =
        before.logs().stream()
            .filter(l -> l.text().equals("two"))
            .findFirst()
            .orElseThrow()
            .sequence();

    RunningScripts restarted = newService();
    assertThat(restarted.reattach()).containsExactly(TICKET);
    runnerWrites(TICKET, "four");
    runnerEnds(TICKET, 0);
    ScriptStatus after = restarted.status(new ScriptStatusQuery(TICKET, cursorAfterTwo));

    assertThat(scriptLines(after)).containsExactly("three", "four");
    assertThat(after.exitCode()).isEqualTo(ExitCode.SUCCESS);
  }

  // ---- helpers ----

  private ExecutionSettings withMaxLines(int max) {
    return new ExecutionSettings(
        Duration.ofMinutes(60),
        Duration.ofSeconds(30),
        false,
        false,
        true,
        max,
        settings.kubernetesSupport(),
        Map.of(),
        ExecutionSettings.DEFAULT_MAX_RUNNING_TASKS);
  }

  /** Appends lines to the task's output file as the runner would. */
  void runnerWrites(ScriptTicket ticket, String... texts) {
    List<String> file = written.computeIfAbsent(ticket, t -> new ArrayList<>());
    for (String text : texts) {
      file.add(
          ScriptOutputFormat.format(
              new OutputLine(file.size() + 1, OutputSource.STDOUT, text, clock.instant())));
    }
    writeOutput(ticket, String.join("\n", file) + "\n");
  }

  void runnerEnds(ScriptTicket ticket, int exitCode) {
    List<String> file = written.computeIfAbsent(ticket, t -> new ArrayList<>());
    file.add(ScriptOutputFormat.formatEnd(file.size() + 1, ExitCode.of(exitCode), clock.instant()));
    writeOutput(ticket, String.join("\n", file) + "\n");
  }

  private void writeOutput(ScriptTicket ticket, String content) {
    workspaces.write(
        ticket,
        RelativePath.parse("output.log"),
        new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)),
        false);
  }

  private String read(ScriptTicket ticket, String path) throws IOException {
    try (InputStream in = workspaces.read(ticket, RelativePath.parse(path)).orElseThrow().open()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
