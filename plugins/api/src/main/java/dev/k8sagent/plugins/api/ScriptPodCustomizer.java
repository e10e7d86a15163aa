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
 *   <li>changes the pod's {@link ScriptPod.Security} (privileged, root, privilege escalation),
 *       unless the user's own settings allow privileged script pods;
 *   <li>adds a privileged init container, or a mount of a volume the pod does not have.
 * </ul>
 *
 * Customizers run one after another in plugin load order, each seeing the previous one's result.
 */
public interface ScriptPodCustomizer extends AgentExtension {

  /** The pod to create for {@code task}: {@code pod} itself, or {@code pod} with additions. */
  ScriptPod customize(TaskFacts task, ScriptPod pod);
}
