package dev.k8sagent.plugins.api;

import java.util.Optional;

/**
 * Offers the container image a task runs in when its step names none: a company mirror of the tools
 * image, an image with a cloud CLI for targets tagged for it, a project-specific image.
 *
 * <p>The agent asks every provider and takes the offer with the highest {@link
 * ImageOffer#priority()} (equal priorities: plugin load order). The step's own image always wins:
 * when {@link TaskFacts#stepImage()} is present your offer is ignored. When nobody offers, the task
 * runs in the tools image matched to the cluster's Kubernetes version.
 *
 * <pre>{@code
 * @Extension
 * public class AwsImage implements ToolingImageProvider {
 *   public Optional<ImageOffer> offerFor(TaskFacts task) {
 *     return task.hasTargetTag("aws-cli")
 *         ? Optional.of(ImageOffer.of("registry.corp/aws-cli:2.17"))
 *         : Optional.empty();
 *   }
 * }
 * }</pre>
 */
public interface ToolingImageProvider extends AgentExtension {

  /** The image for this task, or empty to leave the choice to others. */
  Optional<ImageOffer> offerFor(TaskFacts task);
}
