package dev.k8sagent.ports.out;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the agent itself puts in a task's pod, as plain values: what plugins are shown before they
 * add to it, and what their additions are checked against. {@link ScriptPods#shapeOf} describes it
 * for the pod it would create.
 *
 * @param labels the pod's labels
 * @param annotations the pod's annotations
 * @param environment the script container's environment variables
 * @param volumes the pod's volumes (the shared work volume among them)
 * @param mounts the script container's volume mounts
 * @param security the script container's security settings, as the user's settings make them
 */
public record PodShape(
    Map<String, String> labels,
    Map<String, String> annotations,
    Map<String, String> environment,
    List<PodAdditions.Volume> volumes,
    List<PodAdditions.Mount> mounts,
    Security security) {
  public PodShape {
    labels = PodAdditions.ordered(labels);
    annotations = PodAdditions.ordered(annotations);
    environment = PodAdditions.ordered(environment);
    volumes = List.copyOf(volumes);
    mounts = List.copyOf(mounts);
    Objects.requireNonNull(security, "security");
  }

  /**
   * The script container's security settings.
   *
   * @param privileged whether it runs privileged
   * @param runAsNonRoot whether it must run as a user other than root
   * @param allowPrivilegeEscalation whether a process may gain more privileges than its parent
   */
  public record Security(
      boolean privileged, boolean runAsNonRoot, boolean allowPrivilegeEscalation) {
    /** Kubernetes' restricted profile: the agent's default. */
    public static final Security RESTRICTED = new Security(false, true, false);
  }
}
