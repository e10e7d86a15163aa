package dev.k8sagent.ports.out;

import dev.k8sagent.domain.image.ContainerImage;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A source of opinions about which image a task should run in when its step names none (plugins, an
 * operator's configured image). Empty means "no opinion": the core then uses the tools image
 * matched to the cluster version.
 */
public interface ToolingImages {

  /** The image for this task, or empty. The same request always gets the same answer. */
  Optional<ContainerImage> imageFor(ImageRequest request);

  /**
   * The image for this task with lines for the task's log explaining the answer (an image plugin
   * that failed and was skipped, say). The core asks this; a source with nothing to explain keeps
   * the default.
   */
  default Answer answer(ImageRequest request) {
    return new Answer(imageFor(request), List.of());
  }

  /**
   * An image, or none, how the pod pulls it, and the lines the task's log shows about how it was
   * chosen.
   *
   * @param pullPolicy how the offered image is pulled, when its source says so
   * @param pullSecretNames the pull secrets the offered image needs; empty without an image
   */
  record Answer(
      Optional<ContainerImage> image,
      List<String> notes,
      Optional<PodAdditions.PullPolicy> pullPolicy,
      List<String> pullSecretNames) {
    public Answer {
      Objects.requireNonNull(image, "image");
      notes = List.copyOf(notes);
      Objects.requireNonNull(pullPolicy, "pullPolicy");
      pullSecretNames = List.copyOf(pullSecretNames);
      if (image.isEmpty() && (pullPolicy.isPresent() || !pullSecretNames.isEmpty())) {
        throw new IllegalArgumentException("A pull policy or pull secret needs an image");
      }
    }

    /** An image, or none, pulled as the cluster's settings say. */
    public Answer(Optional<ContainerImage> image, List<String> notes) {
      this(image, notes, Optional.empty(), List.of());
    }
  }
}
