package dev.k8sagent.plugins.examples.cloud;

import dev.k8sagent.plugins.api.ImageOffer;
import dev.k8sagent.plugins.api.PluginContext;
import dev.k8sagent.plugins.api.TaskFacts;
import java.util.Optional;

/**
 * The cloud CLI plugin's settings ({@code k8s-agent.plugins.cloud-cli.<key>} or {@code
 * K8SAGENT_PLUGIN__CLOUD_CLI__<KEY>}):
 *
 * <ul>
 *   <li>{@code image} (required): the image with the CLI, e.g. {@code amazon/aws-cli:2.17.0};
 *   <li>{@code target-tag}: the target tag that asks for it (default {@value #DEFAULT_TAG});
 *   <li>{@code role-arn}: the IAM role the tasks assume through EKS workload identity;
 *   <li>{@code region}: the AWS region the CLI uses;
 *   <li>{@code pull-policy}: when nodes pull the image, {@code Always}, {@code IfNotPresent} (the
 *       default) or {@code Never};
 *   <li>{@code pull-secret}: a {@code kubernetes.io/dockerconfigjson} secret in the agent's
 *       namespace for a private registry holding the image.
 * </ul>
 */
record CloudCliSettings(
    String image,
    String targetTag,
    Optional<String> roleArn,
    Optional<String> region,
    ImageOffer.PullPolicy pullPolicy,
    Optional<String> pullSecret) {
  static final String DEFAULT_TAG = "aws-cli";

  static CloudCliSettings from(PluginContext context) {
    return new CloudCliSettings(
        context.required("image"),
        context.setting("target-tag").orElse(DEFAULT_TAG),
        context.setting("role-arn"),
        context.setting("region"),
        context
            .setting("pull-policy")
            .map(ImageOffer.PullPolicy::parse)
            .orElse(ImageOffer.PullPolicy.IF_NOT_PRESENT),
        context.setting("pull-secret"));
  }

  /** The image offered, pulled as configured. */
  ImageOffer offer(int priority) {
    ImageOffer offer = ImageOffer.of(image).withPullPolicy(pullPolicy).withPriority(priority);
    return pullSecret.map(offer::withPullSecret).orElse(offer);
  }

  boolean wanted(TaskFacts task) {
    return task.hasTargetTag(targetTag);
  }
}
