package dev.k8sagent.bootstrap.plugins;

import dev.k8sagent.domain.image.ContainerImage;
import dev.k8sagent.plugins.api.ToolingImageProvider;
import dev.k8sagent.ports.out.ImageRequest;
import java.util.Optional;
import org.pf4j.Extension;

/** A plugin as a user would write one: every task runs in a mirror of the tools image. */
@Extension
public class MirrorImagePlugin implements ToolingImageProvider {
  @Override
  public Optional<ContainerImage> imageFor(ImageRequest request) {
    return Optional.of(ContainerImage.parse("registry.example/mirror/tools:1.31"));
  }
}
