package dev.k8sagent.plugins.api;

/**
 * Adds to the pod a task's script runs in: labels, annotations, environment variables, volumes,
 * volume mounts and init containers, e.g. the annotation and variables a cloud's workload identity
 * needs, or a sidecar-free way to fetch a certificate before the script starts.
 *
 * <p>You receive the pod as the agent built it and return the pod you want; use the {@code with…}
 * methods of {@link ScriptPod}. The agent checks your answer against what it gave you, and refuses
 * it for that task (the pod is then created without your changes, and the task's log says why) when
 * it:
 *
 * <ul>
 *   <li>removes or changes anything the agent put there: a label, annotation, variable, volume
 *       (above all the shared work volume), mount or init container;
 *   <li>changes the pod's {@link ScriptPod.Security} (privileged, root, privilege escalation): only
 *       the user's own script pod settings decide them;
 *   <li>adds a privileged init container, or a mount of a volume the pod does not have;
 *   <li>adds a name Kubernetes would refuse (a volume or init container name that is not a DNS
 *       label, an invalid variable name), mounts at a path that is not absolute, at a path already
 *       used, or over one of the agent's own mounts (the shared work volume's folder).
 * </ul>
 *
 * Your additions reach the pod unchanged; added init containers run with the script container's
 * hardening (no privilege escalation, every capability dropped) and an added volume is an empty
 * folder, a secret or a config map of the agent's namespace.
 *
 * <p>Customizers run one after another in plugin load order, each seeing the previous one's result.
 */
public interface ScriptPodCustomizer extends AgentExtension {

  /** The pod to create for {@code task}: {@code pod} itself, or {@code pod} with additions. */
  ScriptPod customize(TaskFacts task, ScriptPod pod);
}
