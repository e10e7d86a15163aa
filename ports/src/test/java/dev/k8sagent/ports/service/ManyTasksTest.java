package dev.k8sagent.ports.service;

import static dev.k8sagent.ports.service.StartScripts.aScript;
import static org.assertj.core.api.Assertions.assertThat;

import dev.k8sagent.domain.files.RelativePath;
import dev.k8sagent.domain.task.ExitCode;
import dev.k8sagent.domain.task.OutputLine;
import dev.k8sagent.domain.task.OutputSequence;
import dev.k8sagent.domain.task.OutputSource;
import dev.k8sagent.domain.task.ScriptOutputFormat;
import dev.k8sagent.domain.task.ScriptState;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.domain.version.KubernetesVersion;
import dev.k8sagent.ports.in.CompleteScript;
import dev.k8sagent.ports.in.ScriptStatus;
import dev.k8sagent.ports.in.ScriptStatusQuery;
import dev.k8sagent.ports.out.twins.InMemoryScriptPods;
import dev.k8sagent.ports.out.twins.InMemoryWorkspaces;
import dev.k8sagent.ports.out.twins.PodLife;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** 200 tasks started, polled and completed from many threads at once, as 5 connections would. */
class ManyTasksTest {
  private static final int TASKS = 200;
  private static final int LINES = 50;

  @Test
  @Timeout(60)
  void two_hundred_concurrent_tasks_each_deliver_every_line_once_in_order() throws Exception {
    Clock clock = Clock.systemUTC();
    InMemoryWorkspaces workspaces = new InMemoryWorkspaces("/octopus", clock);
    InMemoryScriptPods pods = new InMemoryScriptPods(clock);
    RunningScripts scripts =
        new RunningScripts(
            workspaces,
            pods,
            request -> Optional.empty(),
            () -> Optional.of(KubernetesVersion.parse("v1.29.0")),
            ExecutionSettings.defaults(),
            clock);
    ExecutorService threads = Executors.newFixedThreadPool(16);
    try {
      List<Future<List<String>>> results = new ArrayList<>();
      for (int t = 0; t < TASKS; t++) {
        ScriptTicket ticket = new ScriptTicket("task-" + t);
        pods.script(ticket, PodLife.runningForever());
        Callable<List<String>> task =
            () -> {
              scripts.start(aScript(ticket).build());
              List<String> seen = new ArrayList<>();
              long cursor = 0;
              StringBuilder file = new StringBuilder();
              for (int line = 1; line <= LINES + 1; line++) {
                file.append(
                        line <= LINES
                            ? ScriptOutputFormat.format(
                                new OutputLine(
                                    line,
                                    OutputSource.STDOUT,
                                    ticket + ":" + line,
                                    clock.instant()))
                            : ScriptOutputFormat.formatEnd(line, ExitCode.SUCCESS, clock.instant()))
                    .append('\n');
                workspaces.write(
                    ticket,
                    RelativePath.parse("output.log"),
                    new ByteArrayInputStream(file.toString().getBytes(StandardCharsets.UTF_8)),
                    false);
                ScriptStatus status = scripts.status(new ScriptStatusQuery(ticket, cursor));
                status.logs().stream()
                    .filter(l -> l.sequence() % OutputSequence.STRIDE == 0)
                    .forEach(l -> seen.add(l.text()));
                cursor = status.nextLogSequence();
                if (status.state() == ScriptState.COMPLETE) {
                  break;
                }
              }
              scripts.complete(new CompleteScript(ticket, cursor));
              return seen;
            };
        results.add(threads.submit(task));
      }
      for (int t = 0; t < TASKS; t++) {
        List<String> expected = new ArrayList<>();
        for (int line = 1; line <= LINES; line++) {
          expected.add("task-" + t + ":" + line);
        }
        assertThat(results.get(t).get(30, TimeUnit.SECONDS)).containsExactlyElementsOf(expected);
      }
      assertThat(scripts.trackedTasks()).isZero();
      assertThat(workspaces.list()).isEmpty();
    } finally {
      threads.shutdownNow();
    }
  }
}
