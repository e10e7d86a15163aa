package dev.k8sagent.bootstrap.bench;

import dev.k8sagent.adapters.k8s.fake.FakeApiServer;
import dev.k8sagent.adapters.octopus.simulator.ScriptServiceCalls;
import dev.k8sagent.bootstrap.TestDirectories;
import dev.k8sagent.bootstrap.image.ImageDefaults;
import dev.k8sagent.ports.content.Content;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark, not a test: the resident memory of a real agent process ({@code java -jar
 * bootstrap/target/k8s-agent.jar run}) started with the image's JVM flags, idle with 5 polling
 * connections and while the server uploads a large file to it. The server simulator and, for
 * Kubernetes mode, the fake API server run in this process, so only the agent is measured. Each run
 * starts a fresh agent; figures are {@code VmRSS} and {@code VmHWM} from {@code
 * /proc/<pid>/status}.
 *
 * <pre>
 * java -cp bootstrap/target/test-classes:bootstrap/target/classes:$(cat /tmp/cp.txt) \
 *     dev.k8sagent.bootstrap.bench.AgentMemoryBench [runs] [uploadMiB] [idleSeconds] [kubernetes|local]
 * </pre>
 *
 * The JVM flags are the image's {@code JDK_JAVA_OPTIONS} from bootstrap/pom.xml unless {@code
 * AGENT_JVM_OPTIONS} is set (to try others).
 */
public final class AgentMemoryBench {
  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    long uploadMiB = args.length > 1 ? Long.parseLong(args[1]) : 1024;
    int idleSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
    boolean kubernetes = args.length <= 3 || args[3].equalsIgnoreCase("kubernetes");
    Path jar = Path.of("bootstrap/target/k8s-agent.jar");
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
          "agent: java -jar %s run, %s pods, JDK_JAVA_OPTIONS=%s%n",
          jar, kubernetes ? "kubernetes" : "local", jvmOptions);
      System.out.println(
          "run | idle VmRSS MiB (after "
              + idleSeconds
              + " s, 5 connections) | upload peak VmRSS MiB"
              + " (RssAnon) | VmHWM MiB | upload MiB/s");
      for (int run = 1; run <= runs; run++) {
        Figures figures =
            measure(jar, jvmOptions, kubernetes, upload, idleSeconds, temp.resolve("run-" + run));
        System.out.printf(
            "%d | %.1f | %.1f (%.1f) | %.1f | %.1f%n",
            run,
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
      long idleRss, long uploadRss, long uploadAnon, long hwm, double uploadSeconds) {}

  private static Figures measure(
      Path jar, String jvmOptions, boolean kubernetes, Path upload, int idleSeconds, Path dir)
      throws Exception {
    Path home = Files.createDirectories(dir.resolve("octopus"));
    FakeApiServer cluster = kubernetes ? FakeApiServer.started() : null;
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
      ProcessBuilder builder =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-jar",
                  jar.toString(),
                  "run")
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("agent.log").toFile());
      builder.environment().clear();
      builder.environment().putAll(env);
      Process agent = builder.start();
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (server.polling().subscriberCount() < 5) {
          if (!agent.isAlive() || System.nanoTime() > deadline) {
            throw new IllegalStateException(
                "The agent did not open 5 polling connections; see " + dir.resolve("agent.log"));
          }
          Thread.sleep(50);
        }
        Thread.sleep(TimeUnit.SECONDS.toMillis(idleSeconds));
        long idleRss = status(agent, "VmRSS");

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
        return new Figures(idleRss, peakRss.get(), peakAnon.get(), status(agent, "VmHWM"), seconds);
      } finally {
        agent.destroy();
        if (!agent.waitFor(30, TimeUnit.SECONDS)) {
          agent.destroyForcibly();
        }
      }
    } finally {
      if (cluster != null) {
        cluster.close();
      }
      TestDirectories.deleteTree(dir);
    }
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
