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

  /** An image, or none, and the lines the task's log shows about how it was chosen. */
  record Answer(Optional<ContainerImage> image, List<String> notes) {
    public Answer {
      Objects.requireNonNull(image, "image");
      notes = List.copyOf(notes);
    }
  }
}
