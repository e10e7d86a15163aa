package dev.k8sagent.plugins.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the agent knows about a task when it asks the plugins: all plain text, so a plugin needs
 * nothing but this API. Every field the server did not send, or the agent does not know yet, is
 * empty; never assume one is present.
 *
 * @param taskId the server's ticket for the task: the same in every call about this task, and the
 *     id to quote in a plugin's own logs
 * @param stepImage the image the step itself names, e.g. {@code octopusdeploy/worker-tools:6.3};
 *     when present the agent uses it whatever the plugins offer
 * @param scriptType how the script is written: {@code Bash}, {@code PowerShell}, {@code Python} …
 * @param targetTags the tags (roles) of the deployment target this agent is registered as, e.g.
 *     {@code aws-cli}; empty when it has none
 * @param space the Octopus space slug
 * @param project the Octopus project slug
 * @param environment the Octopus environment slug, e.g. {@code production}
 * @param clusterVersion the cluster's Kubernetes version as {@code major.minor}, e.g. {@code 1.31}
 * @param platform the pod platform the task asks for, e.g. {@code linux/arm64}
 */
public record TaskFacts(
    String taskId,
    Optional<String> stepImage,
    Optional<String> scriptType,
    List<String> targetTags,
    Optional<String> space,
    Optional<String> project,
    Optional<String> environment,
    Optional<String> clusterVersion,
    Optional<String> platform) {
  public TaskFacts {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(stepImage, "stepImage");
    Objects.requireNonNull(scriptType, "scriptType");
    targetTags = List.copyOf(targetTags);
    Objects.requireNonNull(space, "space");
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(clusterVersion, "clusterVersion");
    Objects.requireNonNull(platform, "platform");
  }

  /** Facts with only the task id known: for tests of a plugin. */
  public static TaskFacts of(String taskId) {
    return new TaskFacts(
        taskId,
        Optional.empty(),
        Optional.empty(),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** Whether the target carries {@code tag}, case ignored as Octopus does. */
  public boolean hasTargetTag(String tag) {
    return targetTags.stream().anyMatch(t -> t.equalsIgnoreCase(tag));
  }
}
