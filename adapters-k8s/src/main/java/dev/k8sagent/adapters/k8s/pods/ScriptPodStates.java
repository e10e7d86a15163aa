package dev.k8sagent.adapters.k8s.pods;

import dev.k8sagent.domain.task.ExitCode;
import dev.k8sagent.domain.task.TaskLifecycle;
import io.kubernetes.client.openapi.models.V1ContainerState;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1Pod;
import java.util.List;
import java.util.Objects;

/**
 * Where a task stands, read from its pod: the script container's status decides, not the pod phase.
 * The script container is the one named like the pod (the first one if none is). Waiting is
 * pending, running is running, terminated is complete with the container's exit code. A pod that
 * ended with no container status at all (evicted before it started) is complete with no exit code
 * to give. No I/O: the same pod always gives the same answer.
 */
public final class ScriptPodStates {
  private ScriptPodStates() {}

  /** The task's lifecycle as {@code pod} shows it. */
  public static TaskLifecycle lifecycleOf(V1Pod pod) {
    V1ContainerStatus script = scriptContainer(pod);
    if (script != null && script.getState() != null) {
      V1ContainerState state = script.getState();
      if (state.getTerminated() != null) {
        Integer exitCode = state.getTerminated().getExitCode();
        return new TaskLifecycle.Complete(
            exitCode == null ? ExitCode.UNKNOWN_RESULT : ExitCode.of(exitCode));
      }
      if (state.getRunning() != null) {
        return TaskLifecycle.RUNNING;
      }
      return TaskLifecycle.PENDING;
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if ("Failed".equals(phase) || "Succeeded".equals(phase)) {
      return new TaskLifecycle.Complete(ExitCode.UNKNOWN_RESULT);
    }
    return TaskLifecycle.PENDING;
  }

  private static V1ContainerStatus scriptContainer(V1Pod pod) {
    String name = pod.getMetadata() == null ? null : pod.getMetadata().getName();
    List<V1ContainerStatus> statuses =
        pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
            ? List.of()
            : pod.getStatus().getContainerStatuses();
    return statuses.stream()
        .filter(status -> Objects.equals(status.getName(), name))
        .findFirst()
        .orElse(statuses.isEmpty() ? null : statuses.get(0));
  }
}
