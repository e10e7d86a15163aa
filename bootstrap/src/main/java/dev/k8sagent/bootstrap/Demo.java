package dev.k8sagent.bootstrap;

import com.typesafe.config.ConfigFactory;
import dev.k8sagent.adapters.octopus.simulator.ScriptServiceCalls;
import dev.k8sagent.adapters.octopus.simulator.ServerSimulator;
import dev.k8sagent.adapters.octopus.simulator.SimulatedOctopusServer;
import dev.k8sagent.adapters.octopus.simulator.SimulatedRestApi;
import dev.k8sagent.bootstrap.config.AgentSettings;
import dev.k8sagent.bootstrap.runtime.AgentModule;
import dev.k8sagent.bootstrap.runtime.AgentRuntime;
import dev.k8sagent.ports.content.Content;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The README's first command: a server simulator on loopback (REST API and polling listener) and
 * the agent, wired and started exactly as {@code run} does, that registers with a one-time bearer
 * token, then polls over TLS and runs tasks whose "pods" are local {@code sh} processes over a
 * temporary home. It uploads a file, runs a Bash script that reads it and prints lines over a few
 * seconds, then a script that fails, streaming the output as it arrives, and checks every answer.
 */
final class Demo {
  private static final String GREETING =
      "Hello from the server simulator\nThis file was uploaded over Halibut\nAnd read by a script\n";

  private final PrintStream out;

  Demo(PrintStream out) {
    this.out = out;
  }

  int run() throws Exception {
    Path home = Files.createTempDirectory("k8s-agent-demo-");
    List<AutoCloseable> closing = new ArrayList<>();
    try {
      return run(home, closing);
    } finally {
      for (int i = closing.size() - 1; i >= 0; i--) {
        closing.get(i).close();
      }
      deleteTree(home);
    }
  }

  private int run(Path home, List<AutoCloseable> closing) throws Exception {
    long started = System.nanoTime();
    // The server side: its REST API (registration) and its polling listener.
    SimulatedOctopusServer octopus =
        SimulatedOctopusServer.create(
            SimulatedOctopusServer.newIdentity("Octopus Demo Server"), home.resolve(".simulator"));
    closing.add(octopus);
    octopus.addEnvironment("Demo");
    SimulatedRestApi rest = octopus.rest();
    ServerSimulator server = octopus.polling();
    int port = octopus.startPolling();
    String token = rest.issueBearerToken();
    out.printf(
        "Server simulator: REST API at %s, polling on 127.0.0.1:%d (thumbprint %s)%n",
        rest.url(), port, server.thumbprint());

    // The agent, wired as 'run' wires it (local pods, state in a file under the temporary home):
    // it makes its identity, registers with the token, then polls.
    Map<String, String> environment =
        octopus.agentVariables(port, token, "k8s-agent-demo", "Demo", "k8s-agent-demo");
    environment.put("TentaclePollingConnectionCount", "2");
    environment.put("TentacleHome", home.toString());
    environment.put("K8SAGENT_PODS", "local");
    environment.put("K8SAGENT_HTTP_PORT", "0");
    environment.put("K8SAGENT_PLUGINS_DIRECTORY", home.resolve(".plugins").toString());
    environment.put("K8SAGENT_SERVER_CERTIFICATE_FILE", home.resolve(".none.pem").toString());
    AgentSettings settings = AgentSettings.from(ConfigFactory.load(), environment);
    AgentRuntime agent =
        AgentModule.injector(settings, environment).getInstance(AgentRuntime.class);
    closing.add(agent::stop);
    agent.start();
    String machine =
        octopus.data().findMachine(octopus.space(), "k8s-agent-demo").orElseThrow().id();
    String subscription = octopus.subscriptionOf("k8s-agent-demo");
    out.printf(
        "Registered as %s with a one-time bearer token; the agent trusts server thumbprint %s%n",
        machine, octopus.identity().thumbprint());
    waitFor(() -> server.subscriberCount() >= 2, Duration.ofSeconds(20));
    out.printf(
        "Agent polling as %s with %d connections, %.1f s after start%n",
        subscription, server.subscriberCount(), (System.nanoTime() - started) / 1e9);

    ScriptServiceCalls calls = new ScriptServiceCalls(server, subscription, Duration.ofSeconds(30));
    long uploaded =
        calls.upload(
            "Files/greeting.txt", Content.ofBytes(GREETING.getBytes(StandardCharsets.UTF_8)));
    out.printf("Uploaded Files/greeting.txt (%d bytes)%n", uploaded);

    Result deploy =
        runTask(
            calls,
            "demo-deploy",
            "echo \"Deploying from $(pwd)\"\n"
                + "while IFS= read -r line; do\n"
                + "  echo \"read: $line\"\n"
                + "  sleep 0.5\n"
                + "done < \"$TentacleHome/Files/greeting.txt\"\n"
                + "echo \"warning: this one goes to stderr\" >&2\n"
                + "echo done\n");
    Result failing =
        runTask(
            calls,
            "demo-fail",
            "echo \"Checking the cluster\"\necho \"the cluster is not ready\" >&2\nexit 3\n");

    boolean deployOk =
        deploy.exitCode == 0
            && deploy.lines.stream().filter(l -> l.startsWith("read: ")).count() == 3
            && deploy.lines.contains("done");
    boolean failOk = failing.exitCode == 3 && failing.lines.contains("the cluster is not ready");
    out.println();
    out.println("Summary");
    out.printf(
        "  demo-deploy: exit code %d, %d lines  %s%n",
        deploy.exitCode, deploy.lines.size(), deployOk ? "as expected" : "UNEXPECTED");
    out.printf(
        "  demo-fail:   exit code %d, %d lines  %s%n",
        failing.exitCode, failing.lines.size(), failOk ? "as expected" : "UNEXPECTED");
    out.printf("  total time %.1f s%n", (System.nanoTime() - started) / 1e9);
    return deployOk && failOk ? 0 : 1;
  }

  private record Result(int exitCode, List<String> lines) {}

  private Result runTask(ScriptServiceCalls calls, String ticket, String script)
      throws InterruptedException {
    out.println();
    out.println("== StartScript " + ticket);
    ScriptServiceCalls.Status status =
        calls.startScript(ticket, "ServerTasks-" + ticket, script, List.of());
    List<String> lines = new ArrayList<>();
    long sequence = print(status, lines, 0);
    while (!status.isComplete()) {
      Thread.sleep(200);
      status = calls.status(ticket, sequence);
      sequence = print(status, lines, sequence);
    }
    calls.complete(ticket, sequence);
    out.println("== " + ticket + " finished with exit code " + status.exitCode());
    return new Result(status.exitCode(), lines);
  }

  private long print(ScriptServiceCalls.Status status, List<String> lines, long sequence) {
    for (ScriptServiceCalls.LogLine line : status.logs()) {
      out.println((line.isError() ? "  ERR | " : "      | ") + line.text());
      lines.add(line.text());
    }
    return Math.max(sequence, status.nextLogSequence());
  }

  private static void waitFor(java.util.function.BooleanSupplier condition, Duration within)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "The agent did not connect to the simulator within " + within.toSeconds() + " s");
      }
      Thread.sleep(50);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
