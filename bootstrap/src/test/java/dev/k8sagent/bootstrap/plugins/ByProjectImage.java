package dev.k8sagent.bootstrap.plugins;

import dev.k8sagent.plugins.api.ImageOffer;
import dev.k8sagent.plugins.api.PluginContext;
import dev.k8sagent.plugins.api.TaskFacts;
import dev.k8sagent.plugins.api.ToolingImageProvider;
import java.util.Optional;
import org.pf4j.Extension;

/** Offers its configured {@code image} to the tasks of its configured {@code project}. */
@Extension
public class ByProjectImage implements ToolingImageProvider {
  private volatile String project;
  private volatile String image;

  @Override
  public void configure(PluginContext context) {
    project = context.required("project");
    image = context.required("image");
  }

  @Override
  public Optional<ImageOffer> offerFor(TaskFacts task) {
    return task.project().filter(project::equals).map(p -> ImageOffer.of(image));
  }
}
