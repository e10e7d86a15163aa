package dev.k8sagent.bootstrap.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.k8sagent.adapters.k8s.fake.FakeApiServer;
import dev.k8sagent.adapters.k8s.fake.SimulatedKubelet;
import dev.k8sagent.adapters.octopus.simulator.ScriptServiceCalls;
import dev.k8sagent.adapters.octopus.simulator.SimulatedOctopusServer;
import dev.k8sagent.domain.task.ExitCode;
import dev.k8sagent.domain.task.OutputLine;
import dev.k8sagent.domain.task.OutputSource;
import dev.k8sagent.domain.task.ScriptOutputFormat;
import dev.k8sagent.ports.content.Content;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault case: the agent is killed (SIGKILL, no chance to clean up) during a task and during an
 * upload. The agent is the built jar in a process of its own, in Kubernetes mode against the fake
 * API server with a simulated kubelet and the server simulator in this JVM; the test writes the
 * task's output file as the runner in the pod would. Each next start re-attaches: no partial file
 * is visible under its final name, the retried upload succeeds, and every output line arrives
 * exactly once.
 */
@Timeout(value = 360, unit = TimeUnit.SECONDS)
class AgentKilledIT {
  private static final String NAMESPACE = "octopus-agent";
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final Path AGENT_JAR = Path.of("target", "k8s-agent.jar");
  private static final int UPLOAD_BYTES = 16 * 1024 * 1024;
  private static final String TASK = "killed-1";

  @TempDir Path temp;
  private final List<AutoCloseable> closing = new ArrayList<>();
  private final List<Process> agents = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    agents.forEach(Process::destroyForcibly);
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  @Test
  void each_next_start_reattaches_with_no_partial_file_and_every_line_once() throws Exception {
    FakeApiServer cluster = FakeApiServer.started();
    closing.add(cluster);
    SimulatedKubelet kubelet = new SimulatedKubelet(cluster.client(), NAMESPACE);
    closing.add(kubelet);
    SimulatedOctopusServer octopus = SimulatedOctopusServer.create(temp.resolve("sim"));
    closing.add(octopus);
    octopus.addEnvironment("Production");
    int pollingPort = octopus.startPolling();
    Path home = Files.createDirectories(temp.resolve("octopus"));
    Map<String, String> env =
        octopus.agentVariables(
            pollingPort, octopus.rest().issueBearerToken(), "killed-cluster", "Production", "k8s");
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("TentacleHome", home.toString());
    env.put("KUBECONFIG", cluster.writeKubeconfig(temp.resolve("kubeconfig")).toString());
    env.put("K8SAGENT_HTTP_PORT", "0");
    env.put("OCTOPUS__K8STENTACLE__NAMESPACE", NAMESPACE);
    env.put("OCTOPUS__K8STENTACLE__PODVOLUMECLAIMNAME", "agent-home");
    env.put("OCTOPUS__K8STENTACLE__HELMRELEASENAME", "killed");

    Process first = startAgent(env, octopus, "first");
    ScriptServiceCalls calls =
        new ScriptServiceCalls(
            octopus.polling(), octopus.subscriptionOf("killed-cluster"), Duration.ofSeconds(60));

    // Killed during a task: half its output fetched, more written while no agent runs.
    kubelet.behave(TASK, SimulatedKubelet.Behaviour.runningUntilStopped());
    calls.startScript(TASK, "ServerTasks-1", "echo long", List.of());
    writeOutput(home, 1, 2_000);
    ServerSideOutput output = new ServerSideOutput(calls, TASK);
    await("the first 1,000 lines")
        .atMost(WAIT)
        .until(() -> output.poll() != null && output.lineCount() >= 1_000);
    kill(first);
    awaitDisconnected(octopus);
    writeOutput(home, 2_001, 4_000);

    // The next start takes the task up again; then it is killed during an upload.
    Process second = startAgent(env, octopus, "second");
    await("lines written while no agent ran")
        .atMost(WAIT)
        .until(() -> output.poll() != null && output.lineCount() >= 3_000);
    GatedContent upload = new GatedContent(UPLOAD_BYTES, UPLOAD_BYTES / 2);
    CompletableFuture<Long> interrupted =
        CompletableFuture.supplyAsync(() -> calls.upload("Files/package.bin", upload));
    await("half the upload sent").atMost(WAIT).until(() -> upload.sent() >= UPLOAD_BYTES / 2);
    kill(second);
    Path uploaded = home.resolve("Files").resolve("package.bin");
    assertThat(uploaded).as("no partial file under its final name").doesNotExist();
    upload.release();
    try {
      interrupted.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception expected) {
      // the connection carrying it went away with the agent
    }
    if (Files.exists(uploaded)) {
      assertThat(Files.size(uploaded)).as("only ever a whole file").isEqualTo(UPLOAD_BYTES);
    }
    awaitDisconnected(octopus);
    writeOutput(home, 4_001, 5_000);

    // The third start: the upload retried succeeds, the task ends with every line once.
    startAgent(env, octopus, "third");
    assertThat(calls.upload("Files/package.bin", new GatedContent(UPLOAD_BYTES, UPLOAD_BYTES)))
        .isEqualTo(UPLOAD_BYTES);
    assertThat(Files.readAllBytes(uploaded)).isEqualTo(GatedContent.bytes(UPLOAD_BYTES));
    writeEnd(home, 5_001, 0);
    ScriptServiceCalls.Status last =
        await("the task to complete")
            .atMost(WAIT)
            .until(output::poll, ScriptServiceCalls.Status::isComplete);

    assertThat(last.exitCode()).isZero();
    assertThat(output.lines())
        .containsExactlyElementsOf(
            IntStream.rangeClosed(1, 5_000).mapToObj(i -> "line " + i).toList());
    calls.complete(TASK, output.cursor());
  }

  private Process startAgent(Map<String, String> env, SimulatedOctopusServer octopus, String name)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Xmx128m",
            "-jar",
            AGENT_JAR.toAbsolutePath().toString(),
            "run");
    builder.environment().clear();
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    Path log = Path.of("target", "agent-killed-" + name + ".log");
    builder.redirectOutput(log.toFile());
    Process agent = builder.start();
    agents.add(agent);
    await("the " + name + " agent to poll")
        .atMost(WAIT)
        .until(
            () -> {
              assertThat(agent.isAlive())
                  .as("agent %s alive (log: %s)", name, log.toAbsolutePath())
                  .isTrue();
              return octopus.polling().subscriberCount() > 0;
            });
    return agent;
  }

  /** SIGKILL: the agent gets no chance to finish or clean up anything. */
  private static void kill(Process agent) throws InterruptedException {
    agent.destroyForcibly();
    assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }

  private static void awaitDisconnected(SimulatedOctopusServer octopus) {
    await("the server to see the connections gone")
        .atMost(WAIT)
        .until(() -> octopus.polling().subscriberCount() == 0);
  }

  private static void writeOutput(Path home, int from, int to) throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = from; i <= to; i++) {
      text.append(
              ScriptOutputFormat.format(
                  new OutputLine(i, OutputSource.STDOUT, "line " + i, Instant.now())))
          .append('\n');
    }
    append(home, text.toString());
  }

  private static void writeEnd(Path home, int sequence, int exitCode) throws IOException {
    append(
        home, ScriptOutputFormat.formatEnd(sequence, ExitCode.of(exitCode), Instant.now()) + "\n");
  }

  private static void append(Path home, String text) throws IOException {
    Files.writeString(
        home.resolve("Work").resolve(TASK).resolve("output.log"),
        text,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  /**
   * Deterministic bytes; the first stream opened stops after {@code gateAt} bytes until released,
   * so the agent can be killed while the upload is surely under way.
   */
  private static final class GatedContent implements Content {
    private final int length;
    private final int gateAt;
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicLong sent = new AtomicLong();
    private boolean opened;

    GatedContent(int length, int gateAt) {
      this.length = length;
      this.gateAt = gateAt;
    }

    static byte[] bytes(int length) {
      byte[] bytes = new byte[length];
      for (int i = 0; i < length; i++) {
        bytes[i] = (byte) (i * 31 + (i >>> 11));
      }
      return bytes;
    }

    long sent() {
      return sent.get();
    }

    void release() {
      released.countDown();
    }

    @Override
    public long length() {
      return length;
    }

    @Override
    public synchronized InputStream open() {
      boolean gated = !opened;
      opened = true;
      byte[] all = bytes(length);
      return new InputStream() {
        private int position;

        @Override
        public int read() throws IOException {
          byte[] one = new byte[1];
          return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int count) throws IOException {
          if (position >= length) {
            return -1;
          }
          int limit = gated && position < gateAt ? gateAt : length;
          if (gated && position >= gateAt) {
            waitForRelease();
          }
          int n = Math.min(count, limit - position);
          System.arraycopy(all, position, buffer, offset, n);
          position += n;
          if (gated) {
            sent.set(position);
          }
          return n;
        }
      };
    }

    private void waitForRelease() throws IOException {
      try {
        if (!released.await(60, TimeUnit.SECONDS)) {
          throw new IOException("the test never released the upload");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while holding the upload");
      }
    }
  }
}
