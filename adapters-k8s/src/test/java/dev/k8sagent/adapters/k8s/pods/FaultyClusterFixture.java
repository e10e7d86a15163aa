package dev.k8sagent.adapters.k8s.pods;

import dev.k8sagent.adapters.k8s.ApiCalls;
import dev.k8sagent.adapters.k8s.RequestBudget;
import dev.k8sagent.adapters.k8s.fake.FakeApiServer;
import dev.k8sagent.adapters.k8s.fake.SimulatedKubelet;
import dev.k8sagent.adapters.k8s.fake.VirtualTime;
import dev.k8sagent.domain.task.ExitCode;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.domain.task.TaskLifecycle;
import dev.k8sagent.ports.out.PodLaunch;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;

/**
 * One agent's script pods against the fake API server and a simulated kubelet, for the fault cases.
 * The agent's clock, its waits between retries and between watch rounds, and its request budget all
 * run on {@link VirtualTime}: a fault that lasts minutes passes in the time the agent takes to make
 * its (few) calls. The kubelet is never refused, so pods move on during a fault.
 */
final class FaultyClusterFixture implements AutoCloseable {
  static final String NAMESPACE = "octopus-agent";

  final FakeApiServer server = FakeApiServer.started();
  final SimulatedKubelet kubelet = new SimulatedKubelet(server.client(), NAMESPACE);
  final VirtualTime time = new VirtualTime(Instant.parse("2026-11-30T08:00:00Z"));
  final KubernetesScriptPods pods =
      new KubernetesScriptPods(
          server.client(),
          server.watchClient(),
          settings(),
          ScriptPodTimings.defaults().withEventInterval(Duration.ofMillis(100)),
          time,
          new ApiCalls(
              6,
              Duration.ofMillis(200),
              new RequestBudget(
                  RequestBudget.DEFAULT_PER_SECOND,
                  RequestBudget.DEFAULT_BURST,
                  Duration.ofMinutes(1),
                  time::nanoTime,
                  time),
              time),
          time,
          () -> 0);

  FaultyClusterFixture() {
    pods.start();
  }

  /** Launches a task whose script exits with {@code exitCode} once the kubelet runs it. */
  void launchExiting(ScriptTicket ticket, int exitCode) {
    kubelet.behave(ticket.taskId(), SimulatedKubelet.Behaviour.exiting(exitCode));
    pods.launch(launch(ticket));
  }

  /** Whether the agent sees the task complete with {@code exitCode}. */
  boolean completedWith(ScriptTicket ticket, int exitCode) {
    return pods.observe(ticket)
        .map(p -> p.lifecycle().equals(new TaskLifecycle.Complete(ExitCode.of(exitCode))))
        .orElse(false);
  }

  /** The agent's lists and watches so far. */
  int listsAndWatches() {
    return server.calls("GET pods") + server.calls("GET pods watch");
  }

  static PodLaunch launch(ScriptTicket ticket) {
    return KubernetesScriptPodsTest.launch(ticket, Optional.empty());
  }

  /** The script pod settings of an agent of release "agent" in {@link #NAMESPACE}. */
  static ScriptPodSettings settings() {
    return ScriptPodSettings.fromEnvironment(
        "/octopus",
        Map.of(
            "OCTOPUS__K8STENTACLE__NAMESPACE", NAMESPACE,
            "OCTOPUS__K8STENTACLE__PODVOLUMECLAIMNAME", "agent-home",
            "OCTOPUS__K8STENTACLE__HELMRELEASENAME", "agent"));
  }

  /**
   * Launches {@code count} tasks, task {@code i} exiting with code {@code i}, while the kubelet
   * holds them, once the agent's first watch is open; returns when the agent tracks every one. The
   * kubelet stays paused.
   */
  List<ScriptTicket> launchHeldTasks(String prefix, int count) {
    List<ScriptTicket> tickets =
        IntStream.range(0, count).mapToObj(i -> new ScriptTicket(prefix + "-" + i)).toList();
    Awaitility.await().until(() -> server.openWatches() == 1);
    kubelet.pause();
    for (int i = 0; i < count; i++) {
      launchExiting(tickets.get(i), i);
    }
    Awaitility.await().until(() -> tickets.stream().allMatch(t -> pods.observe(t).isPresent()));
    return tickets;
  }

  /** Waits until the agent sees task {@code i} of {@code tickets} complete with exit code i. */
  void awaitEveryExitCode(List<ScriptTicket> tickets) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                IntStream.range(0, tickets.size()).allMatch(i -> completedWith(tickets.get(i), i)));
  }

  /** A task launched now runs to its end: the agent works without a restart. */
  void awaitANewTaskToRun(String name) {
    ScriptTicket ticket = new ScriptTicket(name);
    launchExiting(ticket, 42);
    Awaitility.await().until(() -> completedWith(ticket, 42));
  }

  @Override
  public void close() throws Exception {
    pods.close();
    kubelet.close();
    server.close();
  }
}
