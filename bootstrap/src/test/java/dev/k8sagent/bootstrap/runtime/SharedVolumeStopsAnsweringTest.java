package dev.k8sagent.bootstrap.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.Stage;
import com.google.inject.util.Modules;
import com.typesafe.config.ConfigFactory;
import dev.k8sagent.adapters.octopus.simulator.ScriptServiceCalls;
import dev.k8sagent.adapters.octopus.simulator.SimulatedOctopusServer;
import dev.k8sagent.adapters.storage.DirectoryWorkspaces;
import dev.k8sagent.adapters.storage.NfsWatchdog;
import dev.k8sagent.adapters.storage.StorageHealth;
import dev.k8sagent.bootstrap.config.AgentSettings;
import dev.k8sagent.domain.files.RelativePath;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.ports.content.Content;
import dev.k8sagent.ports.out.StoredFile;
import dev.k8sagent.ports.out.WorkspaceRef;
import dev.k8sagent.ports.out.WorkspaceSummary;
import dev.k8sagent.ports.out.Workspaces;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault case: the shared volume stops answering (an NFS server gone away hangs every call instead
 * of failing) while a task runs and prints. The agent as {@code run} starts it (local pods), with
 * its workspaces and its watchdog's probe going through a gate the test closes: readiness goes
 * false and the watchdog reports why; when the volume answers again both recover without a restart,
 * and every line the script printed reaches the server once.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SharedVolumeStopsAnsweringTest {
  /** Held here so the handler added to it is not lost with a collected logger. */
  private static final Logger WATCHDOG_LOG = Logger.getLogger(NfsWatchdog.class.getName());

  private static final int LINES = 400;
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path home;
  private final VolumeGate gate = new VolumeGate();
  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private final Handler recorder =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
            warnings.add(record.getMessage());
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private SimulatedOctopusServer octopus;
  private AgentRuntime agent;

  @AfterEach
  void stop() {
    gate.open();
    WATCHDOG_LOG.removeHandler(recorder);
    if (agent != null) {
      agent.stop();
    }
    if (octopus != null) {
      octopus.close();
    }
  }

  @Test
  void readiness_goes_false_the_watchdog_reports_it_and_both_recover_with_no_line_lost()
      throws Exception {
    WATCHDOG_LOG.addHandler(recorder);
    octopus = SimulatedOctopusServer.create(home.resolve(".sim"));
    octopus.addEnvironment("Dev");
    int pollingPort = octopus.startPolling();
    Map<String, String> env = environment(pollingPort, octopus.rest().issueBearerToken());
    AgentSettings settings = AgentSettings.from(ConfigFactory.load(), env);
    NfsWatchdog watchdog =
        new NfsWatchdog(
            () -> {
              gate.pass();
              Path probe = home.resolve(".probe");
              Files.writeString(probe, "probe");
              Files.delete(probe);
            },
            Duration.ofMillis(500),
            Clock.systemUTC());
    agent =
        Guice.createInjector(
                Stage.PRODUCTION,
                Modules.override(new AgentModule(settings, env))
                    .with(new StallingVolume(gate, watchdog, home)))
            .getInstance(AgentRuntime.class);
    int healthPort = agent.start();
    await("two polling connections").atMost(WAIT).until(() -> agent.connectedCount() == 2);
    await("the volume probed").atMost(WAIT).until(() -> ready(healthPort));

    ScriptServiceCalls calls =
        new ScriptServiceCalls(
            octopus.polling(), octopus.subscriptionOf("volume-agent"), Duration.ofSeconds(60));
    Path release = home.resolve("release");
    calls.startScript(
        "stall-1",
        "ServerTasks-1",
        "for i in $(seq 1 "
            + LINES / 2
            + "); do echo \"line $i\"; done\n"
            + "while [ ! -e '"
            + release
            + "' ]; do sleep 0.05; done\n"
            + "for i in $(seq "
            + (LINES / 2 + 1)
            + " "
            + LINES
            + "); do echo \"line $i\"; done\n",
        List.of());
    ServerSideOutput output = new ServerSideOutput(calls, "stall-1");
    await("the first half of the output")
        .atMost(WAIT)
        .until(
            () -> {
              output.poll();
              return output.lineCount() == LINES / 2;
            });

    gate.close();
    CompletableFuture<ScriptServiceCalls.Status> askedDuringTheStall =
        CompletableFuture.supplyAsync(output::pollUnchecked);
    await("the watchdog to find the volume not answering")
        .atMost(WAIT)
        .until(() -> watchdog.probeOnce() instanceof StorageHealth.Unhealthy);
    HttpResponse<String> notReady = get(healthPort, "/readyz");
    assertThat(notReady.statusCode()).isEqualTo(503);
    assertThat(notReady.body()).contains("the shared volume does not answer");
    assertThat(get(healthPort, "/metrics").body()).contains("k8sagent_storage_healthy 0");
    assertThat(warnings).anySatisfy(line -> assertThat(line).startsWith("Storage unhealthy"));
    Files.writeString(release, "go"); // the script carries on meanwhile, as a pod would
    assertThat(askedDuringTheStall).isNotDone();

    gate.open();
    await("the watchdog to find the volume answering again")
        .atMost(WAIT)
        .until(() -> watchdog.probeOnce() instanceof StorageHealth.Healthy);
    await("readiness back").atMost(WAIT).until(() -> ready(healthPort));
    askedDuringTheStall.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    ScriptServiceCalls.Status last =
        await("the task to complete")
            .atMost(WAIT)
            .until(output::poll, ScriptServiceCalls.Status::isComplete);

    assertThat(last.exitCode()).isZero();
    assertThat(output.lines())
        .containsExactlyElementsOf(
            IntStream.rangeClosed(1, LINES).mapToObj(i -> "line " + i).toList());
    calls.complete("stall-1", output.cursor());
  }

  private Map<String, String> environment(int pollingPort, String token) {
    Map<String, String> env =
        octopus.agentVariables(pollingPort, token, "volume-agent", "Dev", "k8s");
    env.put("TentaclePollingConnectionCount", "2");
    env.put("TentacleHome", home.toString());
    env.put("K8SAGENT_PODS", "local");
    env.put("K8SAGENT_HTTP_PORT", "0");
    return env;
  }

  private static boolean ready(int port) throws Exception {
    return get(port, "/readyz").statusCode() == 200;
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  /** Whether the volume answers: while closed, every call waits (at most a minute) to pass. */
  private static final class VolumeGate {
    private volatile CountDownLatch closed = new CountDownLatch(0);

    void close() {
      closed = new CountDownLatch(1);
    }

    void open() {
      closed.countDown();
    }

    void pass() throws InterruptedException {
      if (!closed.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never let the volume answer again");
      }
    }
  }

  /** The agent's workspaces and watchdog over the gated volume. */
  private static final class StallingVolume extends AbstractModule {
    private final VolumeGate gate;
    private final NfsWatchdog watchdog;
    private final Path home;

    StallingVolume(VolumeGate gate, NfsWatchdog watchdog, Path home) {
      this.gate = gate;
      this.watchdog = watchdog;
      this.home = home;
    }

    @Provides
    @Singleton
    Workspaces workspaces() {
      return new StallingWorkspaces(new DirectoryWorkspaces(home, home.toString()), gate);
    }

    @Provides
    @Singleton
    NfsWatchdog watchdog() {
      return watchdog;
    }
  }

  /** Workspaces whose every call hangs while the gate is closed, as on a stale NFS mount. */
  private record StallingWorkspaces(Workspaces volume, VolumeGate gate) implements Workspaces {
    @Override
    public WorkspaceRef create(ScriptTicket ticket) {
      pass();
      return volume.create(ticket);
    }

    @Override
    public StoredFile write(
        ScriptTicket ticket, RelativePath path, InputStream content, boolean executable) {
      pass();
      return volume.write(ticket, path, content, executable);
    }

    @Override
    public Optional<Content> read(ScriptTicket ticket, RelativePath path) {
      pass();
      return volume.read(ticket, path);
    }

    @Override
    public List<WorkspaceSummary> list() {
      pass();
      return volume.list();
    }

    @Override
    public void delete(ScriptTicket ticket) {
      pass();
      volume.delete(ticket);
    }

    private void pass() {
      try {
        gate.pass();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the volume did not answer", e);
      }
    }
  }
}
