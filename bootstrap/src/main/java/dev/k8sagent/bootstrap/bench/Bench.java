package dev.k8sagent.bootstrap.bench;

import com.typesafe.config.ConfigFactory;
import dev.k8sagent.adapters.octopus.halibut.bson.BsonDocument;
import dev.k8sagent.adapters.octopus.halibut.netty.ConnectionStack;
import dev.k8sagent.adapters.octopus.halibut.polling.PollingClient;
import dev.k8sagent.adapters.octopus.simulator.RawTlsLoopback;
import dev.k8sagent.adapters.octopus.simulator.ScriptServiceCalls;
import dev.k8sagent.adapters.octopus.simulator.ServerSimulator;
import dev.k8sagent.adapters.octopus.simulator.SimulatedOctopusServer;
import dev.k8sagent.adapters.octopus.simulator.SimulatedResponse;
import dev.k8sagent.adapters.octopus.simulator.ThreadCpu;
import dev.k8sagent.bootstrap.config.AgentSettings;
import dev.k8sagent.bootstrap.runtime.AgentModule;
import dev.k8sagent.bootstrap.runtime.AgentRuntime;
import dev.k8sagent.ports.content.Content;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * {@code k8s-agent bench}: the built-in server simulator on loopback and a real agent (local pods,
 * wired as {@code run} wires it), each figure measured beside a baseline in the same run: an upload
 * and a download against a raw TLS copy of the same bytes, small RPCs against raw TLS round trips,
 * task output against the same scripts read through a pipe, and the idle resident memory against
 * the process before the agent started. The transfers and the RPCs each run once smaller first,
 * untimed, so the figures measure compiled code on both sides rather than a cold JVM.
 */
public final class Bench {
  private static final String TARGET = "k8s-agent-bench";
  private static final Duration WAIT = Duration.ofMinutes(30);
  private static final int RPC_SIZE = 512;

  /** RPCs sent, untimed, before the timed ones (fewer if fewer are asked for). */
  private static final int RPC_WARM_UP = 20_000;

  /** How long the bench's server waits after a task's status before asking again. */
  private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

  /** Requests about tasks the bench's server has in flight at most, per polling connection. */
  private static final int IN_FLIGHT_PER_CONNECTION = 4;

  private final BenchOptions options;
  private final Progress progress;

  /**
   * @param progress where steps are shown as they go, overwriting one line; only on a terminal
   */
  public Bench(BenchOptions options, PrintStream progress, boolean terminal) {
    this.options = options;
    this.progress = new Progress(progress, terminal);
  }

  public BenchReport run() throws Exception {
    Path home = Files.createTempDirectory("k8s-agent-bench-");
    List<AutoCloseable> closing = new ArrayList<>();
    try {
      return run(home, closing);
    } finally {
      progress.done();
      for (int i = closing.size() - 1; i >= 0; i--) {
        closing.get(i).close();
      }
      deleteTree(home);
    }
  }

  private BenchReport run(Path home, List<AutoCloseable> closing) throws Exception {
    progress.step("starting the server simulator");
    SimulatedOctopusServer octopus =
        SimulatedOctopusServer.create(
            SimulatedOctopusServer.newIdentity("Octopus Bench Server"), home.resolve(".simulator"));
    closing.add(octopus);
    octopus.addEnvironment("Bench");
    // The simulator serves with the agent's engine, as the raw baselines use one engine too.
    ConnectionStack stack =
        options.jdkTls() ? ConnectionStack.withJdkTls() : ConnectionStack.best();
    ServerSimulator server = octopus.polling().using(stack, true);
    Map<String, String> agentEnvironment = environment(octopus, octopus.startPolling(), home);
    AgentSettings settings = AgentSettings.from(ConfigFactory.load(), agentEnvironment);
    if (!settings.polling().stack().equals(stack)) {
      throw new IllegalStateException(
          "The agent would use " + settings.polling().stack().describe());
    }
    double rssBefore = residentMiB();

    progress.step("starting the agent, " + options.connections() + " connections");
    AgentRuntime agent =
        AgentModule.injector(settings, agentEnvironment).getInstance(AgentRuntime.class);
    closing.add(agent::stop);
    agent.start();
    waitFor(() -> server.subscriberCount() >= options.connections());
    BenchReport.Figure rss = new BenchReport.Figure("MiB", residentMiB(), rssBefore);
    String subscription = octopus.subscriptionOf(TARGET);
    ScriptServiceCalls calls = new ScriptServiceCalls(server, subscription, WAIT);
    RawTlsLoopback raw = new RawTlsLoopback(octopus.identity());

    long bytes = options.transferMiB() * 1024L * 1024L;
    long warmUpBytes = warmUpMiB(options.transferMiB()) * 1024L * 1024L;
    Path data = home.resolve(".bench-data");
    growData(data, 0, warmUpBytes);
    // Each transfer runs once smaller first, so both sides' code is compiled before it is timed,
    // as the RPC figure's warm-up does: a cold JVM would time its interpreter, not the path.
    progress.step(
        "warming up: raw TLS copy, upload and download of " + warmUpBytes / 1048576 + " MiB");
    raw.copy(warmUpBytes);
    calls.upload("Bench/warm-up.bin", Content.ofFile(data));
    download(server, subscription, "Bench/warm-up.bin", warmUpBytes);
    growData(data, warmUpBytes, bytes);
    progress.step("raw TLS copy of " + options.transferMiB() + " MiB");
    RawTlsLoopback.Copy copy = raw.measuredCopy(bytes);
    double rawCopy = copy.mibPerSecond();
    progress.step("upload of " + options.transferMiB() + " MiB");
    ThreadCpu uploadCpu = ThreadCpu.start(PollingClient.IO_THREADS, PollingClient.REQUEST_THREADS);
    long start = System.nanoTime();
    calls.upload("Bench/data.bin", Content.ofFile(data));
    double upload = mibPerSecond(bytes, start);
    BenchReport.Figure uploadCpuPerMiB =
        new BenchReport.Figure(
            "us",
            uploadCpu.nanos() / 1e3 / options.transferMiB(),
            copy.receiverCpuNanos() / 1e3 / options.transferMiB());
    Files.delete(data);
    progress.step("download of " + options.transferMiB() + " MiB");
    double download = download(server, subscription, "Bench/data.bin", bytes);

    progress.step("raw TLS round trips");
    double rawRoundTrips = raw.roundTrips(options.connections(), options.rpcs(), RPC_SIZE);
    progress.step(options.rpcs() + " RPCs over " + options.connections() + " connections");
    // Untimed first: with 1,000 calls the C2 compiler was still compiling the RPC path through
    // much of the timed run (TransportBench gained about a third from the same change).
    rpcs(server, subscription, Math.min(RPC_WARM_UP, options.rpcs()));
    // What the agent's own threads spend per RPC says what it would take with the server on
    // another machine; beside it the whole process's: both sides, their compilers and GC.
    ThreadCpu agentCpu = ThreadCpu.start(PollingClient.IO_THREADS, PollingClient.REQUEST_THREADS);
    long processCpu = ThreadCpu.processNanos();
    start = System.nanoTime();
    rpcs(server, subscription, options.rpcs());
    double rpcs = options.rpcs() / seconds(start);
    BenchReport.Figure rpcCpu =
        new BenchReport.Figure(
            "us",
            agentCpu.nanos() / 1e3 / options.rpcs(),
            (ThreadCpu.processNanos() - processCpu) / 1e3 / options.rpcs());

    String script = "yes 'k8s-agent bench output line' | head -n " + options.lines();
    progress.step(options.tasks() + " scripts piped");
    double pipedLines = pipedLines(script);
    progress.step(options.tasks() + " tasks x " + options.lines() + " lines");
    double taskLines = taskLines(calls, script);

    return new BenchReport(
        options,
        stack.tls().label(),
        stack.sockets().label(),
        new BenchReport.Figure("MiB/s", upload, rawCopy),
        uploadCpuPerMiB,
        new BenchReport.Figure("MiB/s", download, rawCopy),
        new BenchReport.Figure("RPC/s", rpcs, rawRoundTrips),
        rpcCpu,
        new BenchReport.Figure("lines/s", taskLines, pipedLines),
        rss);
  }

  /** The agent's environment, as the chart would set it, for local pods under {@code home}. */
  private Map<String, String> environment(SimulatedOctopusServer octopus, int port, Path home) {
    Map<String, String> environment =
        octopus.agentVariables(port, octopus.rest().issueBearerToken(), TARGET, "Bench", TARGET);
    environment.put("K8SAGENT_TLS_ENGINE", options.jdkTls() ? "jdk" : "auto");
    environment.put("TentaclePollingConnectionCount", Integer.toString(options.connections()));
    environment.put("TentacleHome", home.toString());
    environment.put("K8SAGENT_PODS", "local");
    environment.put("K8SAGENT_HTTP_PORT", "0");
    environment.put("K8SAGENT_PLUGINS_DIRECTORY", home.resolve(".plugins").toString());
    environment.put("K8SAGENT_SERVER_CERTIFICATE_FILE", home.resolve(".none.pem").toString());
    return environment;
  }

  /** MiB each transfer moves once before it is timed: a quarter of the timed size, 64 at least. */
  static long warmUpMiB(long transferMiB) {
    return Math.min(transferMiB, Math.max(64, transferMiB / 4));
  }

  private double download(ServerSimulator server, String subscription, String file, long bytes)
      throws Exception {
    long start = System.nanoTime();
    SimulatedResponse response =
        await(
            server.call(
                subscription, "IFileTransferService", "DownloadFile", List.of(file), List.of()));
    double speed = mibPerSecond(bytes, start);
    if (response.response().error().isPresent()) {
      throw new IllegalStateException(
          "The agent refused the download: " + response.response().error().get().message());
    }
    BsonDocument result = (BsonDocument) response.response().result();
    Path received = response.streams().get(result.guid("id").orElseThrow());
    long size = Files.size(received);
    Files.delete(received);
    if (size != bytes) {
      throw new IllegalStateException(
          "The download brought " + size + " bytes back instead of " + bytes);
    }
    return speed;
  }

  private static void rpcs(ServerSimulator server, String subscription, int count)
      throws Exception {
    List<CompletableFuture<SimulatedResponse>> answers = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      answers.add(
          server.call(
              subscription, "ICapabilitiesServiceV2", "GetCapabilities", List.of(), List.of()));
    }
    for (CompletableFuture<SimulatedResponse> answer : answers) {
      if (await(answer).response().error().isPresent()) {
        throw new IllegalStateException("The agent failed a GetCapabilities request");
      }
    }
  }

  /** Lines per second of the scripts run as plain processes, their output read through a pipe. */
  private double pipedLines(String script) throws Exception {
    ExecutorService readers = Executors.newFixedThreadPool(options.connections());
    try {
      long start = System.nanoTime();
      List<Future<Long>> counts = new ArrayList<>();
      for (int i = 0; i < options.tasks(); i++) {
        counts.add(readers.submit(() -> pipedLineCount(script)));
      }
      long lines = 0;
      for (Future<Long> count : counts) {
        lines += count.get(WAIT.toMinutes(), TimeUnit.MINUTES);
      }
      return lines / seconds(start);
    } finally {
      readers.shutdownNow();
    }
  }

  private static long pipedLineCount(String script) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder("sh", "-c", script)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    long lines;
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      lines = reader.lines().count();
    }
    if (!process.waitFor(WAIT.toMinutes(), TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("The piped baseline script did not finish");
    }
    return lines;
  }

  /**
   * Lines per second from the tasks' start until the server has every line. The driver works as a
   * server does: it starts the tasks together, then asks about each running task on its own, again
   * {@link #POLL_INTERVAL} after each answer (a real server waits 300 ms and more, backing off),
   * with up to {@link #IN_FLIGHT_PER_CONNECTION} requests per connection in flight, and completes
   * each task once it has ended and every line has come.
   */
  private double taskLines(ScriptServiceCalls calls, String script) throws Exception {
    ScheduledExecutorService server =
        Executors.newScheduledThreadPool(
            Math.min(options.tasks(), IN_FLIGHT_PER_CONNECTION * options.connections()));
    try {
      long start = System.nanoTime();
      List<CompletableFuture<Long>> tasks = new ArrayList<>();
      for (int i = 0; i < options.tasks(); i++) {
        String ticket = "bench-" + i;
        CompletableFuture<Long> lines = new CompletableFuture<>();
        tasks.add(lines);
        server.execute(
            () ->
                observe(
                    lines,
                    () -> calls.startScript(ticket, "ServerTasks-" + ticket, script, List.of()),
                    new ObservedTask(calls, ticket, server, lines)));
      }
      long lines = 0;
      for (CompletableFuture<Long> task : tasks) {
        lines += await(task);
      }
      long expected = (long) options.tasks() * options.lines();
      if (lines != expected) {
        throw new IllegalStateException(
            "The server received " + lines + " output lines instead of " + expected);
      }
      return lines / seconds(start);
    } finally {
      server.shutdownNow();
    }
  }

  /** Runs {@code call} and hands its answer to {@code task}; a failure fails {@code lines}. */
  private static void observe(
      CompletableFuture<Long> lines, Supplier<ScriptServiceCalls.Status> call, ObservedTask task) {
    try {
      task.answered(call.get());
    } catch (RuntimeException e) {
      lines.completeExceptionally(e);
    }
  }

  /** One task as the server observes it: the lines received so far and where its cursor is. */
  private static final class ObservedTask {
    private final ScriptServiceCalls calls;
    private final String ticket;
    private final ScheduledExecutorService server;
    private final CompletableFuture<Long> lines;
    private long received;
    private long sequence;

    ObservedTask(
        ScriptServiceCalls calls,
        String ticket,
        ScheduledExecutorService server,
        CompletableFuture<Long> lines) {
      this.calls = calls;
      this.ticket = ticket;
      this.server = server;
      this.lines = lines;
    }

    /** Counts the answer's lines; completes the task when it has ended, else asks again later. */
    void answered(ScriptServiceCalls.Status status) {
      received +=
          status.logs().stream().filter(l -> l.text().startsWith("k8s-agent bench")).count();
      sequence = Math.max(sequence, status.nextLogSequence());
      if (!status.isComplete()) {
        server.schedule(
            () -> observe(lines, () -> calls.status(ticket, sequence), this),
            POLL_INTERVAL.toMillis(),
            TimeUnit.MILLISECONDS);
        return;
      }
      if (status.exitCode() != 0) {
        throw new IllegalStateException(
            "A bench script failed with exit code " + status.exitCode());
      }
      calls.complete(ticket, sequence);
      lines.complete(received);
    }
  }

  /** This process's resident memory ({@code VmRSS}), or 0 where /proc is not there. */
  static double residentMiB() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.isReadable(status)) {
      return 0;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    return 0;
  }

  /**
   * Grows the data file from {@code from} bytes (what an earlier call wrote) to {@code to}: the
   * same random MiB over and over, so the warm-up's file grows into the timed one instead of being
   * written again. {@code from} is a whole number of MiB, so the pattern carries on where it ended.
   */
  static void growData(Path file, long from, long to) throws IOException {
    byte[] block = new byte[1 << 20];
    if (from % block.length != 0) {
      throw new IllegalArgumentException("The data file can only grow from a whole MiB: " + from);
    }
    new Random(1).nextBytes(block);
    try (OutputStream out =
        Files.newOutputStream(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            from == 0 ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND)) {
      for (long written = from; written < to; written += block.length) {
        out.write(block, 0, (int) Math.min(block.length, to - written));
      }
    }
  }

  private static <T> T await(CompletableFuture<T> answer) throws Exception {
    try {
      return answer.get(WAIT.toMinutes(), TimeUnit.MINUTES);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "No answer from the agent within " + WAIT.toMinutes() + " min");
    }
  }

  private static void waitFor(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "The agent did not connect to the simulator within a minute");
      }
      Thread.sleep(20);
    }
  }

  private static double mibPerSecond(long bytes, long startNanos) {
    return bytes / 1048576.0 / seconds(startNanos);
  }

  private static double seconds(long startNanos) {
    return Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  /** One line that each step overwrites, on a terminal; nothing elsewhere. */
  private static final class Progress {
    private final PrintStream out;
    private final boolean terminal;
    private final long started = System.nanoTime();
    private int step;
    private boolean shown;

    Progress(PrintStream out, boolean terminal) {
      this.out = out;
      this.terminal = terminal;
    }

    void step(String what) {
      step++;
      if (terminal) {
        out.printf("\r\033[K[%d] %s ... (%.0f s)", step, what, (System.nanoTime() - started) / 1e9);
        out.flush();
        shown = true;
      }
    }

    void done() {
      if (shown) {
        out.print("\r\033[K");
        out.flush();
      }
    }
  }
}
