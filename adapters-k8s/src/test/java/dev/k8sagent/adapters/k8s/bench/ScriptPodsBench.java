package dev.k8sagent.adapters.k8s.bench;

import dev.k8sagent.adapters.k8s.ApiCalls;
import dev.k8sagent.adapters.k8s.FixedClusterInfo;
import dev.k8sagent.adapters.k8s.RequestBudget;
import dev.k8sagent.adapters.k8s.fake.FakeApiServer;
import dev.k8sagent.adapters.k8s.fake.SimulatedKubelet;
import dev.k8sagent.adapters.k8s.pods.KubernetesScriptPods;
import dev.k8sagent.adapters.k8s.pods.PodNames;
import dev.k8sagent.adapters.k8s.pods.ScriptPodSettings;
import dev.k8sagent.adapters.k8s.pods.ScriptPodTimings;
import dev.k8sagent.domain.task.Isolation;
import dev.k8sagent.domain.task.ScriptState;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.domain.task.ScriptType;
import dev.k8sagent.ports.in.CompleteScript;
import dev.k8sagent.ports.in.ScriptStatusQuery;
import dev.k8sagent.ports.in.StartScript;
import dev.k8sagent.ports.out.twins.InMemoryWorkspaces;
import dev.k8sagent.ports.service.ExecutionSettings;
import dev.k8sagent.ports.service.RunningScripts;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Agent-side cost of starting a task on Kubernetes: the time from StartScript to the pod's create
 * request reaching the API server, and the API calls each task makes, on the critical path (inside
 * StartScript) and over its whole life until CompleteScript. Runs against the fake API server with
 * a simulated kubelet, so API latency is loopback only.
 *
 * <p>Usage: {@code ScriptPodsBench [tasks]}
 */
public final class ScriptPodsBench {
  public static void main(String[] args) throws Exception {
    int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    String namespace = "bench";
    try (FakeApiServer server = FakeApiServer.started();
        SimulatedKubelet kubelet = new SimulatedKubelet(server.client(), namespace)) {
      ScriptPodSettings settings =
          ScriptPodSettings.fromEnvironment(
              "/octopus",
              Map.of(
                  "OCTOPUS__K8STENTACLE__NAMESPACE",
                  namespace,
                  "OCTOPUS__K8STENTACLE__PODVOLUMECLAIMNAME",
                  "home"));
      KubernetesScriptPods pods =
          new KubernetesScriptPods(
              server.client(),
              server.watchClient(),
              settings,
              ScriptPodTimings.defaults().withDeleteGrace(Duration.ofSeconds(5)),
              Clock.systemUTC(),
              ApiCalls.standard(
                  RequestBudget.of(RequestBudget.DEFAULT_PER_SECOND, RequestBudget.DEFAULT_BURST)));
      pods.start();
      RunningScripts scripts =
          new RunningScripts(
              new InMemoryWorkspaces("/octopus", Clock.systemUTC()),
              pods,
              request -> Optional.empty(),
              FixedClusterInfo.of("v1.31.4"),
              // no runner writes an end marker here, so end as soon as the pod has ended
              new ExecutionSettings(
                  Duration.ofMinutes(60),
                  Duration.ZERO,
                  false,
                  false,
                  true,
                  10_000,
                  dev.k8sagent.domain.version.KubernetesSupport.DEFAULT,
                  Map.of(),
                  ExecutionSettings.DEFAULT_MAX_RUNNING_TASKS),
              Clock.systemUTC());
      // warm up class loading and connections
      run(scripts, server, 20, "warm");
      Map<String, Integer> before = server.allCalls();
      long[] latencies = run(scripts, server, tasks, "task");
      Map<String, Integer> after = server.allCalls();
      Arrays.sort(latencies);
      System.out.printf(
          "StartScript -> pod create request: median %.2f ms, p95 %.2f ms, max %.2f ms over %d"
              + " tasks%n",
          latencies[tasks / 2] / 1e6,
          latencies[(int) (tasks * 0.95)] / 1e6,
          latencies[tasks - 1] / 1e6,
          tasks);
      System.out.println("API calls per task from start to complete (by kind):");
      after.forEach(
          (kind, count) -> {
            int made = count - before.getOrDefault(kind, 0);
            if (made > 0 && !kind.contains("watch")) {
              System.out.printf("  %-14s %.2f%n", kind, made / (double) tasks);
            }
          });
      System.out.printf(
          "cpus=%d java=%s%n",
          Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
      pods.close();
    }
  }

  private static long[] run(RunningScripts scripts, FakeApiServer server, int count, String prefix)
      throws InterruptedException {
    long[] latencies = new long[count];
    List<ScriptTicket> tickets = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ScriptTicket ticket = new ScriptTicket(prefix + "-" + i);
      tickets.add(ticket);
      long started = System.nanoTime();
      scripts.start(
          new StartScript(
              ticket,
              "ServerTasks-" + i,
              "echo hello",
              Map.of(ScriptType.BASH, "echo hello"),
              List.of(),
              new Isolation.NoIsolation(),
              Optional.empty(),
              Optional.empty(),
              List.of(),
              false,
              Optional.empty(),
              Optional.empty()));
      latencies[i] = server.podCreateArrival(PodNames.pod(ticket)).orElseThrow() - started;
    }
    for (ScriptTicket ticket : tickets) {
      while (scripts.status(new ScriptStatusQuery(ticket, 0)).state() != ScriptState.COMPLETE) {
        Thread.sleep(10);
      }
      scripts.complete(new CompleteScript(ticket, 0)); // as the server does: the pod is deleted
    }
    return latencies;
  }
}
