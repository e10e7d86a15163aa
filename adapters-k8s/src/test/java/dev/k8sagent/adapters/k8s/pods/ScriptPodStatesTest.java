package dev.k8sagent.adapters.k8s.pods;

import static dev.k8sagent.adapters.k8s.pods.APod.aPod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.k8sagent.domain.task.ExitCode;
import dev.k8sagent.domain.task.TaskLifecycle;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScriptPodStatesTest {
  static Stream<Arguments> pods() {
    return Stream.of(
        row("a pod with no status yet is pending", aPod("t").phase(null), TaskLifecycle.PENDING),
        row(
            "a scheduled pod whose container has no state yet is pending",
            aPod("t").phase("Pending").stateless(),
            TaskLifecycle.PENDING),
        row(
            "a container waiting for its image is pending",
            aPod("t").phase("Pending").waiting("ImagePullBackOff"),
            TaskLifecycle.PENDING),
        row(
            "a running container is running",
            aPod("t").phase("Running").running(),
            TaskLifecycle.RUNNING),
        row("exit 0 completes with 0", aPod("t").phase("Succeeded").exited(0), complete(0)),
        row(
            "exit 137 (killed) completes with 137",
            aPod("t").phase("Failed").exited(137),
            complete(137)),
        row(
            "the script container decides, not a sidecar that still runs",
            aPod("t").phase("Running").exited(3).sidecar("nfs-watchdog", APod.runningState()),
            complete(3)),
        row(
            "a sidecar that ended does not end a running script",
            aPod("t").phase("Running").running().sidecar("nfs-watchdog", APod.terminated(1)),
            TaskLifecycle.RUNNING),
        row(
            "the pod phase does not override the script container",
            aPod("t").phase("Failed").running(),
            TaskLifecycle.RUNNING),
        row(
            "with no container named like the pod, the first one is read",
            aPod("t").phase("Running").container("renamed", APod.terminated(9)),
            complete(9)),
        row(
            "a pod that failed before any container started has no exit code to give",
            aPod("t").phase("Failed"),
            new TaskLifecycle.Complete(ExitCode.UNKNOWN_RESULT)),
        row(
            "a pod that succeeded without container statuses has no exit code to give",
            aPod("t").phase("Succeeded"),
            new TaskLifecycle.Complete(ExitCode.UNKNOWN_RESULT)),
        row(
            "a running pod without container statuses is still pending",
            aPod("t").phase("Running"),
            TaskLifecycle.PENDING));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pods")
  void the_script_containers_status_gives_the_lifecycle(
      String rule, APod pod, TaskLifecycle expected) {
    assertThat(ScriptPodStates.lifecycleOf(pod.build())).as(rule).isEqualTo(expected);
  }

  private static Arguments row(String rule, APod pod, TaskLifecycle expected) {
    return Arguments.of(rule, pod, expected);
  }

  private static TaskLifecycle complete(int code) {
    return new TaskLifecycle.Complete(ExitCode.of(code));
  }
}
