package dev.k8sagent.adapters.k8s.pods;

import dev.k8sagent.adapters.k8s.ApiCalls;
import dev.k8sagent.adapters.k8s.RequestBudget;
import dev.k8sagent.adapters.k8s.fake.FakeApiServer;
import dev.k8sagent.adapters.k8s.fake.SimulatedKubelet;
import dev.k8sagent.adapters.k8s.fake.VirtualTime;
import dev.k8sagent.domain.image.ContainerImage;
import dev.k8sagent.domain.task.ExitCode;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.domain.task.TaskLifecycle;
import dev.k8sagent.ports.out.PodLaunch;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
          ScriptPodSettings.fromEnvironment(
              "/octopus",
              Map.of(
                  "OCTOPUS__K8STENTACLE__NAMESPACE", NAMESPACE,
                  "OCTOPUS__K8STENTACLE__PODVOLUMECLAIMNAME", "agent-home",
                  "OCTOPUS__K8STENTACLE__HELMRELEASENAME", "agent")),
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
    String workspace = "/octopus/Work/" + ticket.key();
    return new PodLaunch(
        ticket,
        ContainerImage.parse("octopusdeploy/kubernetes-agent-tools-base:1.31"),
        workspace,
        workspace + "/k8s-agent-runner.sh",
        List.of(workspace, "bash", "Bootstrap.sh"),
        Optional.empty(),
        Optional.empty(),
        Map.of());
  }

  @Override
  public void close() throws Exception {
    pods.close();
    kubelet.close();
    server.close();
  }
}
