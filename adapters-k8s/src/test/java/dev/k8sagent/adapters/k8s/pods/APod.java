package dev.k8sagent.adapters.k8s.pods;

import dev.k8sagent.domain.task.ScriptTicket;
import io.kubernetes.client.openapi.models.V1ContainerState;
import io.kubernetes.client.openapi.models.V1ContainerStateRunning;
import io.kubernetes.client.openapi.models.V1ContainerStateTerminated;
import io.kubernetes.client.openapi.models.V1ContainerStateWaiting;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Script pods as the API server would show them, for tests: {@code aPod("t-1").running()}. */
final class APod {
  private final ScriptTicket ticket;
  private String uid = "uid-1";
  private String resourceVersion = "1";
  private String phase;
  private final List<V1ContainerStatus> statuses = new ArrayList<>();

  private APod(ScriptTicket ticket) {
    this.ticket = ticket;
  }

  static APod aPod(String ticket) {
    return new APod(new ScriptTicket(ticket));
  }

  APod uid(String value) {
    uid = value;
    return this;
  }

  APod version(long value) {
    resourceVersion = Long.toString(value);
    return this;
  }

  APod phase(String value) {
    phase = value;
    return this;
  }

  /** The script container (named like the pod) is waiting, e.g. for its image. */
  APod waiting(String reason) {
    return container(
        scriptName(), new V1ContainerState().waiting(new V1ContainerStateWaiting().reason(reason)));
  }

  APod running() {
    return container(scriptName(), new V1ContainerState().running(new V1ContainerStateRunning()));
  }

  APod exited(int code) {
    return container(scriptName(), terminated(code));
  }

  /** Another container's status (a sidecar), listed before the script container's. */
  APod sidecar(String name, V1ContainerState state) {
    statuses.add(0, new V1ContainerStatus().name(name).state(state));
    return this;
  }

  /** A status with no state filled in yet. */
  APod stateless() {
    statuses.add(new V1ContainerStatus().name(scriptName()));
    return this;
  }

  /** A status for a container under another name than the pod's. */
  APod container(String name, V1ContainerState state) {
    statuses.add(new V1ContainerStatus().name(name).state(state));
    return this;
  }

  static V1ContainerState terminated(int code) {
    return new V1ContainerState().terminated(new V1ContainerStateTerminated().exitCode(code));
  }

  static V1ContainerState runningState() {
    return new V1ContainerState().running(new V1ContainerStateRunning());
  }

  V1Pod build() {
    V1PodStatus status = new V1PodStatus().phase(phase);
    if (!statuses.isEmpty()) {
      status.containerStatuses(List.copyOf(statuses));
    }
    return new V1Pod()
        .metadata(
            new V1ObjectMeta()
                .name(scriptName())
                .uid(uid)
                .resourceVersion(resourceVersion)
                .annotations(Map.of(PodNames.TICKET_ANNOTATION, ticket.taskId())))
        .status(status);
  }

  private String scriptName() {
    return PodNames.pod(ticket);
  }

  @Override
  public String toString() {
    return build().getStatus().toString().replaceAll("\\s+", " ");
  }
}
