package dev.k8sagent.bootstrap.bench;

import dev.k8sagent.adapters.k8s.fake.FakeApiServer;
import dev.k8sagent.adapters.octopus.simulator.ScriptServiceCalls;
import dev.k8sagent.bootstrap.TestDirectories;
import dev.k8sagent.bootstrap.image.ImageDefaults;
import dev.k8sagent.ports.content.Content;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark, not a test: the resident memory of a real agent process ({@code java -jar
 * bootstrap/target/k8s-agent.jar run}) started with the image's JVM flags, idle with 5 polling
 * connections and while the server uploads a large file to it. The server simulator and, for
 * Kubernetes mode, the fake API server run in this process, so only the agent is measured. Both
 * speak HTTPS, as a real Octopus Server's REST API and API server do, and the agent trusts them
 * through its server certificate file and the kubeconfig, so its TLS handshakes are measured too.
 * Each run starts a fresh agent; figures are {@code VmRSS} and {@code VmHWM} from {@code
 * /proc/<pid>/status}.
 *
 * <pre>
 * java -cp bootstrap/target/test-classes:bootstrap/target/classes:$(cat /tmp/cp.txt) \
 *     dev.k8sagent.bootstrap.bench.AgentMemoryBench [runs] [uploadMiB] [idleSeconds] \
 *     [kubernetes|local] [class-data]
 * </pre>
 *
 * It also reports the time from launching the agent to its first polling connection, on the first
 * start (fresh cluster state: certificate made, registration) and on a restart after SIGTERM (same
 * cluster state and home), the agent's CPU time until then, and the classes it loaded. {@code
 * class-data} starts the agent as the chart does with class data sharing on: the first start writes
 * an archive of the classes loaded when it exits, the restart uses it.
 *
 * <p>The JVM flags are the image's {@code JDK_JAVA_OPTIONS} from bootstrap/pom.xml unless {@code
 * AGENT_JVM_OPTIONS} is set (to try others).
 */
public final class AgentMemoryBench {
  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    long uploadMiB = args.length > 1 ? Long.parseLong(args[1]) : 1024;
    int idleSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
    boolean kubernetes = args.length <= 3 || args[3].equalsIgnoreCase("kubernetes");
    boolean classData = args.length > 4 && args[4].equalsIgnoreCase("class-data");
    Path jar = Path.of(System.getenv().getOrDefault("AGENT_JAR", "bootstrap/target/k8s-agent.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: build it first (./mvnw -B -q install -DskipTests)");
    }
    String jvmOptions =
        System.getenv().getOrDefault("AGENT_JVM_OPTIONS", ImageDefaults.jvmOptions());
    Path temp = Files.createTempDirectory("k8s-agent-memory-bench");
    try {
      Path upload = temp.resolve("upload.bin");
      writeData(upload, uploadMiB * 1024 * 1024);
      System.out.printf(
          "agent: java -jar %s run, %s pods, JDK_JAVA_OPTIONS=%s%s%n",
          jar,
          kubernetes ? "kubernetes" : "local",
          jvmOptions,
          classData ? ", class data archive written at the first exit, used on the restart" : "");
      System.out.println(
          "run | start to first poll s (first start / restart) | classes loaded (of them shared)"
              + " | idle VmRSS MiB (after "
              + idleSeconds
              + " s, 5 connections) | upload peak VmRSS MiB"
              + " (RssAnon) | VmHWM MiB | upload MiB/s");
      for (int run = 1; run <= runs; run++) {
        Figures figures =
            measure(
                jar,
                jvmOptions,
                kubernetes,
                classData,
                upload,
                idleSeconds,
                temp.resolve("run-" + run));
        System.out.printf(
            "%d | %.2f / %.2f | %d (%d) | %.1f | %.1f (%.1f) | %.1f | %.1f%n",
            run,
            figures.firstStart.toMillis() / 1000.0,
            figures.restart.toMillis() / 1000.0,
            figures.classes,
            figures.sharedClasses,
            figures.idleRss / 1024.0,
            figures.uploadRss / 1024.0,
            figures.uploadAnon / 1024.0,
            figures.hwm / 1024.0,
            uploadMiB / figures.uploadSeconds);
      }
      System.out.printf(
          "cpus=%d java=%s (bench and agent)%n",
          Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    } finally {
      TestDirectories.deleteTree(temp);
    }
  }

  private record Figures(
      Duration firstStart,
      Duration restart,
      long classes,
      long sharedClasses,
      long idleRss,
      long uploadRss,
      long uploadAnon,
      long hwm,
      double uploadSeconds) {}

  /**
   * Sends the fakes the kinds of request an agent's start makes, so that their first answers (in
   * this process's cold JVM) are not timed as the agent's start: a real API server and Octopus
   * Server are warm. Nothing the agent reads is left behind.
   */
  private static void warmUp(FakeApiServer cluster, SimulatedServer server) throws Exception {
    server
        .restClient()
        .send(
            java.net.http.HttpRequest.newBuilder(server.rest().url().resolve("/api"))
                .timeout(Duration.ofSeconds(30))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.discarding());
    if (cluster == null) {
      return;
    }
    var api = new io.kubernetes.client.openapi.apis.CoreV1Api(cluster.client());
    String namespace = "bench-warm-up";
    var secret =
        new io.kubernetes.client.openapi.models.V1Secret()
            .apiVersion("v1")
            .kind("Secret")
            .metadata(new io.kubernetes.client.openapi.models.V1ObjectMeta().name("warm-up"))
            .putStringDataItem("warm", "up");
    api.createNamespacedSecret(namespace, secret).execute();
    api.readNamespacedSecret("warm-up", namespace).execute();
    api.replaceNamespacedSecret("warm-up", namespace, secret).execute();
    api.deleteNamespacedSecret("warm-up", namespace).execute();
    api.listNamespacedPod(namespace).labelSelector("warm=up").execute();
  }

  private static Figures measure(
      Path jar,
      String jvmOptions,
      boolean kubernetes,
      boolean classData,
      Path upload,
      int idleSeconds,
      Path dir)
      throws Exception {
    Path home = Files.createDirectories(dir.resolve("octopus"));
    FakeApiServer cluster = kubernetes ? FakeApiServer.startedWithTls() : null;
    try (SimulatedServer server = SimulatedServer.start(dir.resolve("simulator"))) {
      Map<String, String> env = server.agentEnvironment();
      env.put("PATH", System.getenv("PATH"));
      env.put("JDK_JAVA_OPTIONS", jvmOptions);
      env.put("TentaclePollingConnectionCount", "5");
      env.put("TentacleHome", home.toString());
      env.put("K8SAGENT_HTTP_PORT", "0");
      if (kubernetes) {
        env.put("KUBECONFIG", cluster.writeKubeconfig(dir.resolve("kubeconfig")).toString());
        env.put("OCTOPUS__K8STENTACLE__NAMESPACE", "octopus-agent");
        env.put("OCTOPUS__K8STENTACLE__PODVOLUMECLAIMNAME", "agent-home");
        env.put("OCTOPUS__K8STENTACLE__HELMRELEASENAME", SimulatedServer.TARGET);
      } else {
        env.put("K8SAGENT_PODS", "local");
      }
      Path archive = dir.resolve("class-data").resolve("k8s-agent.jsa");
      Files.createDirectories(archive.getParent());
      warmUp(cluster, server);
      ProcessBuilder builder = agentProcess(jar, env, classData ? archive : null, dir);
      long launched = System.nanoTime();
      Process agent = builder.start();
      Figures figures;
      try {
        Duration firstStart = untilPolling(server, agent, launched, dir);
        awaitConnections(server, agent, dir);
        Thread.sleep(TimeUnit.SECONDS.toMillis(idleSeconds));
        long idleRss = status(agent, "VmRSS");
        long[] classes = loadedClasses(agent);
        System.out.printf("  idle: %d threads%n", status(agent, "Threads"));
        if (jvmOptions.contains("NativeMemoryTracking")) {
          System.out.println(jcmd(agent, "VM.native_memory", "summary"));
          for (String thread : jcmd(agent, "Thread.print").split("\n")) {
            if (thread.startsWith("\"")) {
              System.out.println("  thread " + thread.substring(0, thread.indexOf('"', 1) + 1));
            }
          }
        }

        String subscription = server.subscription();
        AtomicLong peakRss = new AtomicLong();
        AtomicLong peakAnon = new AtomicLong();
        Thread sampler = sampler(agent, peakRss, peakAnon);
        long start = System.nanoTime();
        long length =
            new ScriptServiceCalls(server.polling(), subscription, Duration.ofMinutes(30))
                .upload("Files/upload.bin", Content.ofFile(upload));
        double seconds = (System.nanoTime() - start) / 1e9;
        sampler.interrupt();
        sampler.join();
        if (length != Files.size(upload)) {
          throw new IllegalStateException(
              "The agent stored " + length + " bytes of " + Files.size(upload));
        }
        figures =
            new Figures(
                firstStart,
                Duration.ZERO,
                classes[0],
                classes[1],
                idleRss,
                peakRss.get(),
                peakAnon.get(),
                status(agent, "VmHWM"),
                seconds);
      } finally {
        stop(agent);
      }
      // a restart: same cluster state (certificate, registration) and home, as after a pod restart
      long relaunched = System.nanoTime();
      if (classData) {
        System.out.printf(
            "  class data archive: %s%n",
            Files.isRegularFile(archive) ? Files.size(archive) / 1024 / 1024 + " MiB" : "none");
      }
      Process again = agentProcess(jar, env, classData ? archive : null, dir).start();
      try {
        Duration restart = untilPolling(server, again, relaunched, dir);
        awaitConnections(server, again, dir);
        Thread.sleep(TimeUnit.SECONDS.toMillis(idleSeconds));
        long[] restartClasses = loadedClasses(again);
        System.out.printf(
            "  restart idle: VmRSS %.1f MiB, %d classes loaded (%d shared)%n",
            status(again, "VmRSS") / 1024.0, restartClasses[0], restartClasses[1]);
        return new Figures(
            figures.firstStart,
            restart,
            figures.classes,
            figures.sharedClasses,
            figures.idleRss,
            figures.uploadRss,
            figures.uploadAnon,
            figures.hwm,
            figures.uploadSeconds);
      } finally {
        stop(again);
      }
    } finally {
      if (cluster != null) {
        cluster.close();
      }
      TestDirectories.deleteTree(dir);
    }
  }

  /**
   * {@code java -jar k8s-agent.jar run} as the image starts it; with an archive, as the chart does
   * with class data sharing on: the archive is used when it exists, else written when the agent
   * exits.
   */
  private static ProcessBuilder agentProcess(
      Path jar, Map<String, String> env, Path archive, Path dir) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (archive != null) {
      command.add(
          (Files.isRegularFile(archive) ? "-XX:SharedArchiveFile=" : "-XX:ArchiveClassesAtExit=")
              + archive);
    }
    command.addAll(List.of("-jar", jar.toString(), "run"));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("agent.log").toFile()));
    builder.environment().clear();
    builder.environment().putAll(env);
    return builder;
  }

  /**
   * The time from launching the agent to its first polling connection identifying itself to the
   * server, ready for a request.
   */
  private static Duration untilPolling(
      SimulatedServer server, Process agent, long launched, Path dir) throws InterruptedException {
    long seen = server.polling().subscriptionsSeen();
    long deadline = launched + TimeUnit.SECONDS.toNanos(60);
    while (server.polling().subscriptionsSeen() == seen) {
      if (!agent.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("The agent did not poll; see " + dir.resolve("agent.log"));
      }
      Thread.sleep(5);
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - launched);
    System.out.printf(
        "  first poll after %d ms, agent CPU %d ms (%s); %s%n",
        elapsed.toMillis(),
        cpuMillis(agent),
        busiestThreads(agent),
        steps(dir.resolve("agent.log")));
    return elapsed;
  }

  /** The agent's user and system CPU time so far, from {@code /proc/<pid>/stat}. */
  private static long cpuMillis(Process agent) {
    try {
      String stat = Files.readString(Path.of("/proc", agent.pid() + "", "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return ticks * 10; // USER_HZ is 100 on Linux
    } catch (IOException e) {
      return -1;
    }
  }

  /** The agent's threads that used the most CPU so far, with their milliseconds. */
  private static String busiestThreads(Process agent) {
    Map<String, Long> byThread = new java.util.HashMap<>();
    try (var tasks = Files.list(Path.of("/proc", agent.pid() + "", "task"))) {
      for (Path task : tasks.toList()) {
        String stat = Files.readString(task.resolve("stat"));
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long millis = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
        byThread.merge(name.replaceAll("[0-9]+$", ""), millis, Long::sum);
      }
    } catch (IOException e) {
      return "threads unknown: " + e.getMessage();
    }
    return byThread.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(5)
        .map(e -> e.getKey() + " " + e.getValue())
        .collect(java.util.stream.Collectors.joining(", "));
  }

  /** The start steps the agent logged last, each with its time. */
  private static String steps(Path log) {
    try {
      List<String> steps = new ArrayList<>();
      for (String line : Files.readAllLines(log)) {
        int at = line.indexOf("Started ");
        if (line.contains(" starting (Java ")) {
          steps.clear();
        }
        if (at >= 0 && line.contains(" ms")) {
          steps.add(line.substring(at + 8, line.indexOf(" ms", at) + 3).replace(" in ", " "));
        }
      }
      return String.join(", ", steps);
    } catch (IOException e) {
      return "no log: " + e.getMessage();
    }
  }

  private static void awaitConnections(SimulatedServer server, Process agent, Path dir)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (server.polling().subscriberCount() < 5) {
      if (!agent.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "The agent did not open 5 polling connections; see " + dir.resolve("agent.log"));
      }
      Thread.sleep(50);
    }
  }

  /** SIGTERM, as Kubernetes stops a container, then waits for the agent to exit. */
  private static void stop(Process agent) throws InterruptedException {
    long begin = System.nanoTime();
    agent.destroy();
    if (!agent.waitFor(60, TimeUnit.SECONDS)) {
      agent.destroyForcibly();
      agent.waitFor();
    }
    System.out.printf("  stopped in %d ms%n", (System.nanoTime() - begin) / 1_000_000);
  }

  /** Classes loaded so far, and how many of them came from a class data sharing archive. */
  private static long[] loadedClasses(Process agent) throws IOException, InterruptedException {
    long loaded = -1;
    long shared = -1;
    for (String line : jcmd(agent, "PerfCounter.print").split("\n")) {
      if (line.startsWith("java.cls.loadedClasses=")) {
        loaded = Long.parseLong(line.substring(line.indexOf('=') + 1).strip());
      } else if (line.startsWith("java.cls.sharedLoadedClasses=")) {
        shared = Long.parseLong(line.substring(line.indexOf('=') + 1).strip());
      }
    }
    return new long[] {loaded, shared};
  }

  private static String jcmd(Process agent, String... command)
      throws IOException, InterruptedException {
    List<String> line = new ArrayList<>();
    line.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
    line.add(Long.toString(agent.pid()));
    line.addAll(List.of(command));
    Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
    String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!jcmd.waitFor(30, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
      throw new IllegalStateException("jcmd " + line + " failed: " + out);
    }
    return out;
  }

  private static Thread sampler(Process agent, AtomicLong peakRss, AtomicLong peakAnon) {
    Thread thread =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                try {
                  peakRss.accumulateAndGet(status(agent, "VmRSS"), Math::max);
                  peakAnon.accumulateAndGet(status(agent, "RssAnon"), Math::max);
                  Thread.sleep(50);
                } catch (InterruptedException e) {
                  return;
                } catch (IOException gone) {
                  return;
                }
              }
            });
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** A {@code kB} field of {@code /proc/<pid>/status}. */
  private static long status(Process process, String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", process.pid() + "", "status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").strip());
      }
    }
    throw new IllegalStateException("No " + field + " in /proc/" + process.pid() + "/status");
  }

  private static void writeData(Path file, long size) throws IOException {
    byte[] block = new byte[1 << 20];
    new Random(1).nextBytes(block);
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long written = 0; written < size; written += block.length) {
        out.write(block, 0, (int) Math.min(block.length, size - written));
      }
    }
  }
}
