package dev.k8sagent.plugins.api;

import dev.k8sagent.domain.image.ContainerImage;
import dev.k8sagent.ports.out.ImageRequest;
import java.util.Optional;
import org.pf4j.ExtensionPoint;

/**
 * Chooses the container image a task runs in when its step names none, e.g. a company mirror of the
 * tools image, or a project-specific image with extra CLIs.
 *
 * <p>The agent asks every provider in plugin order and uses the first image offered; when none
 * offers one it uses the tools image matched to the cluster version. Return empty for tasks you
 * have no opinion about. Answer quickly and without I/O: this runs on every script start. An
 * exception is reported in the task's log and the next provider is asked.
 */
public interface ToolingImageProvider extends ExtensionPoint {

  /** The image for this task, or empty to leave the choice to others. */
  Optional<ContainerImage> imageFor(ImageRequest request);
}
