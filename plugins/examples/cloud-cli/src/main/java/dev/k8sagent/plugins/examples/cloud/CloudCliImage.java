package dev.k8sagent.plugins.examples.cloud;

import dev.k8sagent.plugins.api.ImageOffer;
import dev.k8sagent.plugins.api.PluginContext;
import dev.k8sagent.plugins.api.TaskFacts;
import dev.k8sagent.plugins.api.ToolingImageProvider;
import java.util.Optional;
import org.pf4j.Extension;

/** Offers the cloud CLI image to tasks whose target carries the configured tag. */
@Extension
public class CloudCliImage implements ToolingImageProvider {
  static final int PRIORITY = 10;

  private volatile CloudCliSettings settings;

  @Override
  public void configure(PluginContext context) {
    settings = CloudCliSettings.from(context);
  }

  @Override
  public Optional<ImageOffer> offerFor(TaskFacts task) {
    CloudCliSettings configured = settings;
    return configured != null && configured.wanted(task)
        ? Optional.of(configured.offer(PRIORITY))
        : Optional.empty();
  }
}
