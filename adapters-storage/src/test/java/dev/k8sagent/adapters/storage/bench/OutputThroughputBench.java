package dev.k8sagent.adapters.storage.bench;

import dev.k8sagent.adapters.storage.DirectoryWorkspaces;
import dev.k8sagent.domain.task.ExitCode;
import dev.k8sagent.domain.task.Isolation;
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
import dev.k8sagent.ports.in.StartScript;
import dev.k8sagent.ports.out.twins.InMemoryScriptPods;
import dev.k8sagent.ports.out.twins.PodLife;
import dev.k8sagent.ports.service.ExecutionSettings;
import dev.k8sagent.ports.service.RunningScripts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Benchmark, not a test: output lines per second delivered through GetStatus with many concurrent
 * tasks whose runners append to real output files, and the heap the agent holds meanwhile.
 *
 * <pre>
 * ./mvnw -B -q -pl adapters-storage -am test-compile
 * ./mvnw -B -q -pl adapters-storage dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp adapters-storage/target/test-classes:adapters-storage/target/classes:$(cat /tmp/cp.txt) \
 *     dev.k8sagent.adapters.storage.bench.OutputThroughputBench [tasks] [linesPerTask] [pollers] \
 *     [warmUpTasks]
 * </pre>
 *
 * <p>A warm-up run with {@code warmUpTasks} tasks (a tenth by default, 0 for none) comes first and
 * is reported apart, so that the measured run shows the agent's steady pace rather than the JIT
 * compiling it (which took a third of the CPU of a cold run on 2 cores).
 */
public final class OutputThroughputBench {
  private static final byte[] SOURCE =
      ("|" + OutputSource.STDOUT.token() + "|Deploying component ")
          .getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TEXT_END =
      " of the release, with a realistic amount of text\n".getBytes(StandardCharsets.US_ASCII);

  public static void main(String[] args) throws Exception {
    int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int linesPerTask = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    int pollers = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    int warmUpTasks = args.length > 3 ? Integer.parseInt(args[3]) : Math.max(1, tasks / 10);
    Path home = Files.createTempDirectory("k8s-agent-bench");
    try {
      if (warmUpTasks > 0) {
        run(
            Files.createDirectory(home.resolve("warm-up")),
            warmUpTasks,
            linesPerTask,
            pollers,
            "warm-up");
      }
      run(
          Files.createDirectory(home.resolve("measured")),
          tasks,
          linesPerTask,
          pollers,
          "measured");
    } finally {
      try (Stream<Path> files = Files.walk(home)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void run(Path home, int tasks, int linesPerTask, int pollers, String label)
      throws Exception {
    Clock clock = Clock.systemUTC();
    DirectoryWorkspaces workspaces = new DirectoryWorkspaces(home, "/octopus");
    InMemoryScriptPods pods = new InMemoryScriptPods(clock);
    RunningScripts scripts =
        new RunningScripts(
            workspaces,
            pods,
            request -> Optional.empty(),
            () -> Optional.of(KubernetesVersion.parse("v1.29.0")),
            ExecutionSettings.defaults().withMaxRunningTasks(tasks), // all of them at once
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

    // Runners: append lines to every task's output file in rounds, as pods would. One thread,
    // formatting cheaply, so that it keeps ahead of the pollers; its CPU is reported apart.
    // written[t]: the last line number in task t's file (the end marker's once it is there).
    AtomicIntegerArray written = new AtomicIntegerArray(tasks);
    ExecutorService writers = Executors.newSingleThreadExecutor(OutputThroughputBench::daemon);
    long[] writerCpuNanos = new long[1];
    long[] writerDoneAt = new long[1];
    Future<?> writing =
        writers.submit(
            () -> {
              int chunk = 100;
              ByteBuffer buffer = ByteBuffer.allocate(chunk * 128 + 256);
              for (int from = 1; from <= linesPerTask; from += chunk) {
                int count = Math.min(chunk, linesPerTask - from + 1);
                for (int t = 0; t < tasks; t++) {
                  append(
                      workspaces.workspaceDirectory(tickets.get(t)).resolve("output.log"),
                      from,
                      count,
                      linesPerTask,
                      clock,
                      buffer);
                  written.set(t, from + count > linesPerTask ? linesPerTask + 1 : from + count - 1);
                }
              }
              writerDoneAt[0] = System.nanoTime();
              writerCpuNanos[0] = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
              return null;
            });

    // Pollers: the server's connections asking for status of every task in turn, as a server
    // that knows when there is something to fetch: a task is asked about once its file holds a
    // line the server has not had. A poller with nothing to ask about gives its CPU to the writer
    // for a moment instead of spinning on empty answers (which would make the writer the bound).
    AtomicLong delivered = new AtomicLong();
    AtomicLong polls = new AtomicLong();
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
                  int asked = 0;
                  for (int t = slice; t < tasks; t += pollers) {
                    if (done[t] || written.get(t) <= cursors[t] / OutputSequence.STRIDE) {
                      continue;
                    }
                    asked++;
                    ScriptStatus status =
                        scripts.status(new ScriptStatusQuery(tickets.get(t), cursors[t]));
                    delivered.addAndGet(status.logs().size());
                    polls.incrementAndGet();
                    cursors[t] = status.nextLogSequence();
                    if (status.state() == ScriptState.COMPLETE) {
                      scripts.complete(new CompleteScript(tickets.get(t), cursors[t]));
                      done[t] = true;
                      finished++;
                    }
                  }
                  if (asked == 0) {
                    LockSupport.parkNanos(100_000);
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
    double writerSeconds = (writerDoneAt[0] - start) / 1e9;
    double writerCpuSeconds = writerCpuNanos[0] / 1e9;
    writers.shutdown();
    polling.shutdown();
    System.gc();
    System.out.printf(
        "%s: tasks=%d lines/task=%d pollers=%d: %d lines delivered in %.2f s = %.0f lines/s;"
            + " peak heap used %.1f MiB (sampled between rounds); heap after %.1f MiB;"
            + " %d GetStatus calls, %.0f lines each;"
            + " writer done after %.2f s, %.1f s CPU;"
            + " process CPU %.1f s, without the writer %.1f s = %.0f lines per CPU second;"
            + " cpus=%d; java=%s%n",
        label,
        tasks,
        linesPerTask,
        pollers,
        delivered.get(),
        seconds,
        delivered.get() / seconds,
        peakHeap / 1048576.0,
        usedHeap() / 1048576.0,
        polls.get(),
        delivered.get() / (double) polls.get(),
        writerSeconds,
        writerCpuSeconds,
        cpuSeconds,
        cpuSeconds - writerCpuSeconds,
        delivered.get() / (cpuSeconds - writerCpuSeconds),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    System.out.println("JVM args: " + ManagementFactory.getRuntimeMXBean().getInputArguments());
  }

  /**
   * Appends lines {@code from} to {@code from + count - 1} in the runner's format, and the end
   * marker after the last. The bytes are put together by hand (the timestamp formatted once per
   * chunk) into a reused buffer: the runners are other processes in real life, so their cost must
   * stay small beside the agent's on a machine they share here.
   */
  private static void append(
      Path file, int from, int count, int total, Clock clock, ByteBuffer buffer) {
    Instant now = clock.instant();
    String first = ScriptOutputFormat.format(new OutputLine(from, OutputSource.STDOUT, "", now));
    byte[] stamp = first.substring(0, first.indexOf('|') + 1).getBytes(StandardCharsets.US_ASCII);
    buffer.clear();
    for (int i = from; i < from + count; i++) {
      buffer.put(stamp);
      putNumber(buffer, i);
      buffer.put(SOURCE);
      putNumber(buffer, i);
      buffer.put(TEXT_END);
    }
    if (from + count > total) {
      buffer.put(
          (ScriptOutputFormat.formatEnd(total + 1, ExitCode.SUCCESS, now) + "\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    buffer.flip();
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void putNumber(ByteBuffer buffer, int number) {
    int start = buffer.position();
    int value = number;
    do {
      buffer.put((byte) ('0' + value % 10));
      value /= 10;
    } while (value > 0);
    for (int low = start, high = buffer.position() - 1; low < high; low++, high--) {
      byte swapped = buffer.get(low);
      buffer.put(low, buffer.get(high));
      buffer.put(high, swapped);
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
