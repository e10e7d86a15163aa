package dev.k8sagent.bootstrap.plugins;

import dev.k8sagent.domain.image.ContainerImage;
import dev.k8sagent.ports.out.ToolingImages;
import dev.k8sagent.ports.out.contract.ToolingImagesContract;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The plugin host as the core sees it: a {@link ToolingImages} over a real plugin jar. */
class PluginHostToolingImagesTest extends ToolingImagesContract {
  @TempDir Path plugins;
  private PluginHost host;

  @Override
  protected ToolingImages imagesChoosing(String projectSlug, ContainerImage image) {
    try {
      PluginJars.write(plugins, "by-project", true, Optional.empty(), ByProjectImage.class);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    host =
        Hosts.started(
            plugins, id -> Map.of("project", projectSlug, "image", image.reference()), List.of());
    return host;
  }

  @AfterEach
  void close() {
    if (host != null) {
      host.close();
    }
  }
}
