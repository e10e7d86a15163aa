package dev.k8sagent.helm;

import io.kubernetes.client.openapi.models.V1Capabilities;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1PodSecurityContext;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1SeccompProfile;
import io.kubernetes.client.openapi.models.V1SecurityContext;
import io.kubernetes.client.openapi.models.V1Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The "restricted" Pod Security Standard (baseline included), as the admission controller applies
 * it to a pod: what a namespace labelled {@code pod-security.kubernetes.io/enforce=restricted}
 * would refuse, one line per violation.
 */
final class PodSecurityStandard {
  private static final List<String> ALLOWED_VOLUMES =
      List.of(
          "configMap",
          "csi",
          "downwardAPI",
          "emptyDir",
          "ephemeral",
          "persistentVolumeClaim",
          "projected",
          "secret");

  private PodSecurityStandard() {}

  static List<String> restrictedViolations(V1PodTemplateSpec template) {
    V1PodSpec pod = template.getSpec();
    V1PodSecurityContext podContext =
        Optional.ofNullable(pod.getSecurityContext()).orElse(new V1PodSecurityContext());
    List<String> violations = new ArrayList<>();
    if (Boolean.TRUE.equals(pod.getHostNetwork())
        || Boolean.TRUE.equals(pod.getHostPID())
        || Boolean.TRUE.equals(pod.getHostIPC())) {
      violations.add("host namespaces are shared");
    }
    for (V1Volume volume : Optional.ofNullable(pod.getVolumes()).orElse(List.of())) {
      String type = volumeType(volume);
      if (!ALLOWED_VOLUMES.contains(type)) {
        violations.add("volume " + volume.getName() + " is of type " + type);
      }
    }
    if (podContext.getRunAsUser() != null && podContext.getRunAsUser() == 0) {
      violations.add("the pod runs as user 0");
    }
    if (podContext.getSysctls() != null && !podContext.getSysctls().isEmpty()) {
      violations.add("the pod sets sysctls");
    }
    List<V1Container> containers =
        Stream.concat(
                Optional.ofNullable(pod.getInitContainers()).orElse(List.of()).stream(),
                pod.getContainers().stream())
            .toList();
    for (V1Container container : containers) {
      String name = "container " + container.getName() + ": ";
      V1SecurityContext context =
          Optional.ofNullable(container.getSecurityContext()).orElse(new V1SecurityContext());
      if (Boolean.TRUE.equals(context.getPrivileged())) {
        violations.add(name + "privileged");
      }
      if (!Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())) {
        violations.add(name + "allowPrivilegeEscalation is not false");
      }
      V1Capabilities capabilities = context.getCapabilities();
      if (capabilities == null
          || capabilities.getDrop() == null
          || !capabilities.getDrop().contains("ALL")) {
        violations.add(name + "does not drop ALL capabilities");
      }
      if (capabilities != null
          && capabilities.getAdd() != null
          && capabilities.getAdd().stream().anyMatch(c -> !c.equals("NET_BIND_SERVICE"))) {
        violations.add(name + "adds capabilities other than NET_BIND_SERVICE");
      }
      boolean nonRoot =
          Optional.ofNullable(context.getRunAsNonRoot())
              .orElse(Boolean.TRUE.equals(podContext.getRunAsNonRoot()));
      if (!nonRoot) {
        violations.add(name + "runAsNonRoot is not true");
      }
      if (context.getRunAsUser() != null && context.getRunAsUser() == 0) {
        violations.add(name + "runs as user 0");
      }
      V1SeccompProfile seccomp =
          Optional.ofNullable(context.getSeccompProfile()).orElse(podContext.getSeccompProfile());
      if (seccomp == null
          || !(seccomp.getType().equals("RuntimeDefault")
              || seccomp.getType().equals("Localhost"))) {
        violations.add(name + "no RuntimeDefault or Localhost seccomp profile");
      }
      if (container.getPorts() != null
          && container.getPorts().stream().anyMatch(p -> p.getHostPort() != null)) {
        violations.add(name + "uses a host port");
      }
    }
    return violations;
  }

  private static String volumeType(V1Volume volume) {
    return Stream.of(
            volume.getConfigMap() == null ? null : "configMap",
            volume.getCsi() == null ? null : "csi",
            volume.getDownwardAPI() == null ? null : "downwardAPI",
            volume.getEmptyDir() == null ? null : "emptyDir",
            volume.getEphemeral() == null ? null : "ephemeral",
            volume.getPersistentVolumeClaim() == null ? null : "persistentVolumeClaim",
            volume.getProjected() == null ? null : "projected",
            volume.getSecret() == null ? null : "secret",
            volume.getHostPath() == null ? null : "hostPath")
        .filter(java.util.Objects::nonNull)
        .findFirst()
        .orElse("another type");
  }
}
