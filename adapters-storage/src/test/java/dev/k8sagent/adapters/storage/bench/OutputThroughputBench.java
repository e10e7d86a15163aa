package dev.k8sagent.adapters.storage.bench;

import dev.k8sagent.adapters.storage.DirectoryWorkspaces;
import dev.k8sagent.domain.task.ExitCode;
import dev.k8sagent.domain.task.Isolation;
import dev.k8sagent.domain.task.OutputLine;
import dev.k8sagent.domain.task.OutputSource;
import dev.k8sagent.domain.task.ScriptOutputFormat;
import dev.k8sagent.domain.task.ScriptState;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.domain.version.KubernetesVersion;
import dev.k8sagent.ports.in.CompleteScript;
import dev.k8sagent.ports.in.ScriptStatus;
import dev.k8sagent.ports.in.ScriptStatusQuery;
import dev.k8sagent.ports.in.StartScript;
import dev.k8sagent.ports.out.twins.InMemoryScriptPods;
import dev.k8sagent.ports.out.twins.PodLife;
import dev.k8sagent.ports.service.ExecutionSettings;
import dev.k8sagent.ports.service.RunningScripts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Benchmark, not a test: output lines per second delivered through GetStatus with many concurrent
 * tasks whose runners append to real output files, and the heap the agent holds meanwhile.
 *
 * <pre>
 * ./mvnw -B -q -pl adapters-storage -am test-compile
 * ./mvnw -B -q -pl adapters-storage dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp adapters-storage/target/test-classes:adapters-storage/target/classes:$(cat /tmp/cp.txt) \
 *     dev.k8sagent.adapters.storage.bench.OutputThroughputBench [tasks] [linesPerTask] [pollers]
 * </pre>
 */
public final class OutputThroughputBench {
  public static void main(String[] args) throws Exception {
    int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int linesPerTask = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    int pollers = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    Path home = Files.createTempDirectory("k8s-agent-bench");
    try {
      run(home, tasks, linesPerTask, pollers);
    } finally {
      try (Stream<Path> files = Files.walk(home)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void run(Path home, int tasks, int linesPerTask, int pollers) throws Exception {
    Clock clock = Clock.systemUTC();
    DirectoryWorkspaces workspaces = new DirectoryWorkspaces(home, "/octopus");
    InMemoryScriptPods pods = new InMemoryScriptPods(clock);
    RunningScripts scripts =
        new RunningScripts(
            workspaces,
            pods,
            request -> Optional.empty(),
            () -> Optional.of(KubernetesVersion.parse("v1.29.0")),
            ExecutionSettings.defaults(),
            clock);
    List<ScriptTicket> tickets = new ArrayList<>();
    for (int t = 0; t < tasks; t++) {
      ScriptTicket ticket = new ScriptTicket("bench-" + t);
      pods.script(ticket, PodLife.runningForever());
      scripts.start(
          new StartScript(
              ticket,
              "ServerTasks-1",
              "echo",
              Map.of(),
              List.of(),
              Isolation.NONE,
              Optional.empty(),
              Optional.empty(),
              List.of(),
              false,
              Optional.empty(),
              Optional.empty()));
      tickets.add(ticket);
    }

    // Runners: append lines to every task's output file in rounds, as pods would.
    ExecutorService writers = Executors.newFixedThreadPool(2, OutputThroughputBench::daemon);
    Future<?> writing =
        writers.submit(
            () -> {
              int chunk = 100;
              for (int from = 1; from <= linesPerTask; from += chunk) {
                for (ScriptTicket ticket : tickets) {
                  append(
                      workspaces.workspaceDirectory(ticket).resolve("output.log"),
                      from,
                      Math.min(chunk, linesPerTask - from + 1),
                      linesPerTask,
                      clock);
                }
              }
              return null;
            });

    // Pollers: the server's connections asking for status of every task in turn.
    AtomicLong delivered = new AtomicLong();
    long[] cursors = new long[tasks];
    boolean[] done = new boolean[tasks];
    long peakHeap = 0;
    long start = System.nanoTime();
    long cpuStart = processCpuNanos();
    ExecutorService polling = Executors.newFixedThreadPool(pollers, OutputThroughputBench::daemon);
    int remaining = tasks;
    while (remaining > 0) {
      List<Future<Integer>> rounds = new ArrayList<>();
      for (int p = 0; p < pollers; p++) {
        int slice = p;
        rounds.add(
            polling.submit(
                () -> {
                  int finished = 0;
                  for (int t = slice; t < tasks; t += pollers) {
                    if (done[t]) {
                      continue;
                    }
                    ScriptStatus status =
                        scripts.status(new ScriptStatusQuery(tickets.get(t), cursors[t]));
                    delivered.addAndGet(status.logs().size());
                    cursors[t] = status.nextLogSequence();
                    if (status.state() == ScriptState.COMPLETE) {
                      scripts.complete(new CompleteScript(tickets.get(t), cursors[t]));
                      done[t] = true;
                      finished++;
                    }
                  }
                  return finished;
                }));
      }
      for (Future<Integer> round : rounds) {
        remaining -= round.get();
      }
      peakHeap = Math.max(peakHeap, usedHeap());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
    writing.get();
    writers.shutdown();
    polling.shutdown();
    System.gc();
    System.out.printf(
        "tasks=%d lines/task=%d pollers=%d: %d script lines delivered in %.2f s = %.0f lines/s;"
            + " peak heap used %.1f MiB (sampled between rounds); heap after %.1f MiB;"
            + " process CPU %.1f s = %.0f lines per CPU second (writers and GC included); cpus=%d;"
            + " java=%s%n",
        tasks,
        linesPerTask,
        pollers,
        delivered.get(),
        seconds,
        delivered.get() / seconds,
        peakHeap / 1048576.0,
        usedHeap() / 1048576.0,
        cpuSeconds,
        delivered.get() / cpuSeconds,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    System.out.println("JVM args: " + ManagementFactory.getRuntimeMXBean().getInputArguments());
  }

  private static void append(Path file, int from, int count, int total, Clock clock) {
    StringBuilder text = new StringBuilder();
    Instant now = clock.instant();
    for (int i = from; i < from + count; i++) {
      text.append(
              ScriptOutputFormat.format(
                  new OutputLine(
                      i,
                      OutputSource.STDOUT,
                      "Deploying component "
                          + i
                          + " of the release, with a realistic amount of text",
                      now)))
          .append('\n');
    }
    if (from + count > total) {
      text.append(ScriptOutputFormat.formatEnd(total + 1, ExitCode.SUCCESS, now)).append('\n');
    }
    try {
      Files.writeString(
          file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Daemon threads, so that a failed run (out of memory) ends instead of hanging. */
  private static Thread daemon(Runnable task) {
    Thread thread = new Thread(task, "bench");
    thread.setDaemon(true);
    return thread;
  }

  /**
   * CPU time of the whole process: on a shared machine the wall-clock rate says more about the
   * neighbours than about the agent.
   */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static long usedHeap() {
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
