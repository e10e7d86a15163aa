package dev.k8sagent.ports.out;

import dev.k8sagent.domain.image.ContainerImage;
import java.util.Optional;

/**
 * A source of opinions about which image a task should run in when its step names none (plugins, an
 * operator's configured image). Empty means "no opinion": the core then uses the tools image
 * matched to the cluster version.
 */
public interface ToolingImages {

  /** The image for this task, or empty. The same request always gets the same answer. */
  Optional<ContainerImage> imageFor(ImageRequest request);
}
