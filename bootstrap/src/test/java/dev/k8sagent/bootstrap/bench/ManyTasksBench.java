package dev.k8sagent.bootstrap.bench;

import dev.k8sagent.adapters.octopus.simulator.ScriptServiceCalls;
import dev.k8sagent.bootstrap.TestDirectories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark, not a test: a real agent process ({@code java -jar bootstrap/target/k8s-agent.jar
 * run}, local pods mode) sent {@code tasks} StartScripts at once by the server simulator, each a
 * script that sleeps a minute. It reports the agent's threads, open file descriptors and {@code
 * VmRSS} (from {@code /proc/<pid>}) and the processes below it once every StartScript has been
 * answered, then again after every task has been completed (CompleteScript stops its process) and a
 * few seconds have passed.
 *
 * <pre>
 * java -cp bootstrap/target/test-classes:bootstrap/target/classes:$(cat /tmp/cp.txt) \
 *     dev.k8sagent.bootstrap.bench.ManyTasksBench [tasks] [maxRunningTasks]
 * </pre>
 *
 * A {@code maxRunningTasks} at least {@code tasks} shows the agent without a bound, as it was.
 */
public final class ManyTasksBench {
  private ManyTasksBench() {}

  public static void main(String[] args) throws Exception {
    int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
    int maxRunning = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    Path jar = Path.of("bootstrap/target/k8s-agent.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: build it first (./mvnw -B -q install -DskipTests)");
    }
    Path dir = Files.createTempDirectory("k8s-agent-many-tasks-bench");
    try (SimulatedServer server = SimulatedServer.start(dir.resolve("simulator"))) {
      Map<String, String> env = server.agentEnvironment();
      env.put("PATH", System.getenv("PATH"));
      env.put("TentaclePollingConnectionCount", "5");
      env.put("TentacleHome", Files.createDirectories(dir.resolve("octopus")).toString());
      env.put("K8SAGENT_HTTP_PORT", "0");
      env.put("K8SAGENT_PODS", "local");
      env.put("K8SAGENT_MAX_RUNNING_TASKS", Integer.toString(maxRunning));
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
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (server.polling().subscriberCount() < 5) {
          if (!agent.isAlive() || System.nanoTime() > deadline) {
            throw new IllegalStateException(
                "The agent did not open 5 polling connections; see " + dir.resolve("agent.log"));
          }
          Thread.sleep(50);
        }
        ScriptServiceCalls calls =
            new ScriptServiceCalls(server.polling(), server.subscription(), Duration.ofMinutes(5));
        System.out.printf(
            "agent: local pods, K8SAGENT_MAX_RUNNING_TASKS=%d, %d StartScripts at once%n",
            maxRunning, tasks);
        System.out.println("when | threads | fds | VmRSS MiB | processes below the agent");
        print("idle", agent);
        ExecutorService senders = Executors.newFixedThreadPool(64);
        try {
          List<Future<?>> started = new ArrayList<>();
          for (int i = 0; i < tasks; i++) {
            String ticket = "bench-" + i;
            started.add(
                senders.submit(
                    () ->
                        calls.startScript(ticket, "ServerTasks-" + ticket, "sleep 60", List.of())));
          }
          for (Future<?> future : started) {
            future.get(5, TimeUnit.MINUTES);
          }
          Thread.sleep(2_000);
          print("all started", agent);
          List<Future<?>> completed = new ArrayList<>();
          for (int i = 0; i < tasks; i++) {
            String ticket = "bench-" + i;
            completed.add(senders.submit(() -> calls.complete(ticket, 0)));
          }
          for (Future<?> future : completed) {
            future.get(5, TimeUnit.MINUTES);
          }
        } finally {
          senders.shutdownNow();
        }
        Thread.sleep(5_000);
        print("all completed + 5 s", agent);
        Thread.sleep(60_000);
        print("all completed + 65 s", agent);
      } finally {
        agent.destroy();
        if (!agent.waitFor(30, TimeUnit.SECONDS)) {
          agent.destroyForcibly();
        }
      }
    } finally {
      TestDirectories.deleteTree(dir);
    }
  }

  private static void print(String when, Process agent) throws IOException {
    long fds;
    try (var open = Files.list(Path.of("/proc", agent.pid() + "", "fd"))) {
      fds = open.count();
    }
    System.out.printf(
        "%s | %d | %d | %.1f | %d%n",
        when,
        status(agent, "Threads"),
        fds,
        status(agent, "VmRSS") / 1024.0,
        agent.descendants().count());
  }

  /** A number field of {@code /proc/<pid>/status} ({@code kB} dropped). */
  private static long status(Process process, String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", process.pid() + "", "status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").strip());
      }
    }
    throw new IllegalStateException("No " + field + " in /proc/" + process.pid() + "/status");
  }
}
