package dev.k8sagent.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.k8sagent.adapters.octopus.identity.LoadedIdentity;
import dev.k8sagent.adapters.octopus.simulator.SimulatedOctopusServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code k8s-agent run} in a process of its own, as the image starts it, at the most detailed level
 * an operator can choose: its start-up log says, one line each, the version, the configuration, the
 * TLS engine and transport, the plugins, the registration and the connections, and a normal start
 * prints no stack trace and nothing at SEVERE.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RunStartupLogTest {
  private static final Pattern STACK_FRAME = Pattern.compile("^\\s+at [\\w.$/]+\\(.*\\)$");

  @TempDir Path home;
  private SimulatedOctopusServer octopus;
  private Process agent;

  @AfterEach
  void stop() throws Exception {
    if (agent != null) {
      agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    if (octopus != null) {
      octopus.close();
    }
  }

  @Test
  void a_normal_start_logs_one_line_per_fact_and_no_stack_trace() throws Exception {
    LoadedIdentity identity = SimulatedOctopusServer.newIdentity("Octopus");
    octopus = SimulatedOctopusServer.presenting(identity, identity, home.resolve(".sim"));
    octopus.addEnvironment("Dev");
    octopus.startPolling();
    ProcessBuilder run =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "run")
            .directory(home.toFile())
            .redirectErrorStream(true);
    Map<String, String> env = run.environment();
    env.keySet().removeIf(name -> name.startsWith("K8SAGENT_") || name.startsWith("OCTOPUS__"));
    env.putAll(
        octopus.agentVariables(
            octopus.polling().port(),
            octopus.rest().issueBearerToken(),
            "log-agent",
            "Dev",
            "k8s"));
    env.put("TentaclePollingConnectionCount", "2");
    env.put("TentacleHome", home.toString());
    env.put("K8SAGENT_PODS", "local");
    env.put("K8SAGENT_HTTP_PORT", "0");
    env.put("OCTOPUS__TENTACLE__LOGLEVEL", "Verbose");
    List<String> lines = new CopyOnWriteArrayList<>();
    agent = run.start();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8))) {
                out.lines().forEach(lines::add);
              } catch (java.io.IOException | java.io.UncheckedIOException e) {
                // the process ended and its output closed
              }
            });
    reader.setDaemon(true);
    reader.start();

    await("the agent to start")
        .atMost(Duration.ofSeconds(60))
        .until(() -> lines.stream().anyMatch(l -> l.contains("started as")));
    agent.destroy(); // SIGTERM, as Kubernetes stops it
    assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
    reader.join(10_000);

    List<String> info = lines.stream().filter(l -> l.contains(" INFO ")).toList();
    assertThat(info)
        .anySatisfy(l -> assertThat(l).contains("k8s-agent ").contains(" starting (Java "))
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("Configuration: ")
                    .contains("target:")
                    .doesNotContain(env.get("BearerToken")))
        .anySatisfy(l -> assertThat(l).contains("TLS engine: ").contains("transport: "))
        .anySatisfy(l -> assertThat(l).contains("Plugins loaded: none"))
        .anySatisfy(l -> assertThat(l).contains("Registered as "))
        .anySatisfy(l -> assertThat(l).contains("Connections: 2 polling connection(s)"));
    assertThat(lines).noneMatch(l -> STACK_FRAME.matcher(l).matches());
    assertThat(lines).noneMatch(l -> l.contains("SEVERE"));
    assertThat(lines).noneMatch(l -> l.contains(home.resolve("plugins").toString()));
  }
}
