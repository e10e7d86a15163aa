package dev.k8sagent.bootstrap.plugins;

import dev.k8sagent.ports.out.PodCustomizers;
import dev.k8sagent.ports.out.contract.PodCustomizersContract;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The plugin host as the core sees it: {@link PodCustomizers} over a real plugin jar. */
class PluginHostPodCustomizersTest extends PodCustomizersContract {
  @TempDir Path plugins;
  private PluginHost host;

  @Override
  protected PodCustomizers customizersLabelling(String projectSlug, String label, String value) {
    try {
      PluginJars.write(plugins, "project-label", true, Optional.empty(), ProjectLabel.class);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    host =
        Hosts.started(
            plugins,
            id -> Map.of("project", projectSlug, "label", label, "value", value),
            List.of());
    return host;
  }

  @AfterEach
  void close() {
    if (host != null) {
      host.close();
    }
  }
}
