package dev.k8sagent.bootstrap.plugins;

import dev.k8sagent.plugins.api.ImageOffer;
import dev.k8sagent.plugins.api.TaskFacts;
import dev.k8sagent.plugins.api.ToolingImageProvider;
import java.util.Optional;
import org.pf4j.Extension;

/** A plugin as a user would write one: every task runs in a mirror of the tools image. */
@Extension
public class MirrorImagePlugin implements ToolingImageProvider {
  @Override
  public Optional<ImageOffer> offerFor(TaskFacts task) {
    return Optional.of(ImageOffer.of("registry.example/mirror/tools:1.31"));
  }
}
