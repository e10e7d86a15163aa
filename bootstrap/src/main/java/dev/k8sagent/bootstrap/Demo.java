package dev.k8sagent.bootstrap;

import dev.k8sagent.adapters.k8s.FixedClusterInfo;
import dev.k8sagent.adapters.k8s.local.LocalProcessScriptPods;
import dev.k8sagent.adapters.octopus.InMemoryOctopusServerApi;
import dev.k8sagent.adapters.octopus.halibut.polling.PollingClient;
import dev.k8sagent.adapters.octopus.halibut.polling.PollingSettings;
import dev.k8sagent.adapters.octopus.halibut.service.ServiceDispatcher;
import dev.k8sagent.adapters.octopus.identity.AgentCertificates;
import dev.k8sagent.adapters.octopus.identity.AgentIdentities;
import dev.k8sagent.adapters.octopus.identity.LoadedIdentity;
import dev.k8sagent.adapters.octopus.rest.HttpOctopusServerApi;
import dev.k8sagent.adapters.octopus.simulator.ScriptServiceCalls;
import dev.k8sagent.adapters.octopus.simulator.ServerSimulator;
import dev.k8sagent.adapters.octopus.simulator.SimulatedRestApi;
import dev.k8sagent.adapters.storage.DirectoryFileStore;
import dev.k8sagent.adapters.storage.DirectoryWorkspaces;
import dev.k8sagent.adapters.storage.FileAgentStateStore;
import dev.k8sagent.bootstrap.config.AgentVersion;
import dev.k8sagent.domain.target.NameList;
import dev.k8sagent.domain.target.TargetDefinition;
import dev.k8sagent.domain.target.TargetName;
import dev.k8sagent.domain.target.Thumbprint;
import dev.k8sagent.domain.tenancy.Tenancy;
import dev.k8sagent.domain.version.KubernetesSupport;
import dev.k8sagent.domain.version.OctopusServerVersion;
import dev.k8sagent.domain.version.ServerCompatibility;
import dev.k8sagent.ports.content.Content;
import dev.k8sagent.ports.in.RegisterTarget;
import dev.k8sagent.ports.in.RegistrationOutcome;
import dev.k8sagent.ports.out.ResourceKind;
import dev.k8sagent.ports.service.DescribingCapabilities;
import dev.k8sagent.ports.service.ExecutionSettings;
import dev.k8sagent.ports.service.RegisteringTarget;
import dev.k8sagent.ports.service.RunningScripts;
import dev.k8sagent.ports.service.TransferringFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The README's first command: a server simulator on loopback (REST API and polling listener) and a
 * real agent that registers with a one-time bearer token, then polls over TLS and runs tasks whose
 * "pods" are local {@code sh} processes over a temporary home. It uploads a file, runs a Bash
 * script that reads it and prints lines over a few seconds, then a script that fails, streaming the
 * output as it arrives, and checks every answer.
 */
final class Demo {
  private static final String GREETING =
      "Hello from the server simulator\nThis file was uploaded over Halibut\nAnd read by a script\n";

  private final PrintStream out;
  private final Clock clock = Clock.systemUTC();

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
    SecureRandom random = new SecureRandom();
    LoadedIdentity serverIdentity =
        AgentCertificates.load(AgentCertificates.generate("Octopus Demo Server", clock, random));

    // The server side: its REST API (registration) and its polling listener.
    InMemoryOctopusServerApi serverData =
        new InMemoryOctopusServerApi(
            OctopusServerVersion.parse("2025.1.1000"), serverIdentity.thumbprint());
    String space = serverData.addSpace(TargetDefinition.DEFAULT_SPACE);
    serverData.add(space, ResourceKind.ENVIRONMENT, "Demo");
    SimulatedRestApi rest = new SimulatedRestApi(serverData);
    closing.add(rest);
    ServerSimulator server =
        new ServerSimulator(
            serverIdentity,
            serverData::isRegistered,
            Duration.ofSeconds(30),
            home.resolve(".simulator"));
    closing.add(server);
    int port = server.start(0);
    String token = rest.issueBearerToken();
    out.printf(
        "Server simulator: REST API at %s, polling on 127.0.0.1:%d (thumbprint %s)%n",
        rest.url(), port, server.thumbprint());

    // The agent: identity and subscription in its state file, then registration with the token.
    FileAgentStateStore store = new FileAgentStateStore(home.resolve(".agent/state.properties"));
    AgentIdentities identities = new AgentIdentities(store, clock, random);
    LoadedIdentity agentIdentity = identities.loadOrCreate("k8s-agent-demo");
    String subscription = identities.subscription(Optional.empty()).uri();
    RegistrationOutcome outcome =
        new RegisteringTarget(
                new HttpOctopusServerApi(
                    rest.url(),
                    new HttpOctopusServerApi.Credential.BearerToken(token),
                    HttpClient.newHttpClient(),
                    Duration.ofSeconds(10)),
                store,
                ServerCompatibility.DEFAULT,
                AgentVersion.current())
            .register(
                new RegisterTarget(
                    new TargetDefinition(
                        new TargetName("k8s-agent-demo"),
                        TargetDefinition.DEFAULT_SPACE,
                        new NameList(List.of("Demo")),
                        new NameList(List.of("k8s-agent-demo")),
                        Tenancy.untenanted(),
                        Optional.empty(),
                        Optional.empty())));
    if (!(outcome instanceof RegistrationOutcome.Registered registered)) {
      throw new IllegalStateException("Registration did not happen: " + outcome);
    }
    out.printf(
        "Registered as %s with a one-time bearer token; the agent trusts server thumbprint %s%n",
        registered.machineId(), registered.serverThumbprint());
    Set<Thumbprint> trustedServers = store.load().orElseThrow().state().trustedServers();

    LocalProcessScriptPods pods = new LocalProcessScriptPods(clock, Duration.ofSeconds(5));
    closing.add(pods);
    FixedClusterInfo cluster = FixedClusterInfo.of("v1.31.0");
    DirectoryWorkspaces workspaces = new DirectoryWorkspaces(home, home.toString());
    ExecutionSettings settings =
        new ExecutionSettings(
            Duration.ofMinutes(5),
            Duration.ofSeconds(5),
            false,
            false,
            true,
            10_000,
            KubernetesSupport.DEFAULT,
            Map.of("TentacleHome", home.toString()));
    ServiceDispatcher dispatcher =
        new ServiceDispatcher(
            new RunningScripts(
                workspaces, pods, request -> Optional.empty(), cluster, settings, clock),
            new TransferringFiles(new DirectoryFileStore(home, home.toString()), home.toString()),
            new DescribingCapabilities(AgentVersion.current(), cluster));
    PollingClient agent =
        new PollingClient(
            new PollingSettings(
                List.of(URI.create("https://localhost:" + port)),
                2,
                subscription,
                PollingSettings.DEFAULT_MAX_MESSAGE_BYTES,
                Long.MAX_VALUE,
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                Duration.ofMillis(200),
                Duration.ofSeconds(2),
                home.resolve(".spool"),
                Optional.empty(),
                List.of()),
            agentIdentity,
            () -> trustedServers,
            dispatcher);
    closing.add(agent);
    agent.start();
    waitFor(() -> server.subscriberCount() >= 2, Duration.ofSeconds(20));
    out.printf(
        "Agent %s polling as %s with %d connections, %.1f s after start%n",
        agentIdentity.thumbprint(),
        subscription,
        server.subscriberCount(),
        (System.nanoTime() - started) / 1e9);

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
