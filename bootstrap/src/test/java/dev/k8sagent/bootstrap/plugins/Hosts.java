package dev.k8sagent.bootstrap.plugins;

import dev.k8sagent.domain.version.SemanticVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Plugin hosts over a test's plugins folder, started. */
final class Hosts {
  static final SemanticVersion AGENT = SemanticVersion.parse("1.4.0-SNAPSHOT");
  static final Duration LIMIT = Duration.ofSeconds(5);

  private Hosts() {}

  /** A started host with five-second limits. */
  static PluginHost started(
      Path folder, Function<String, Map<String, String>> settings, List<String> targetTags) {
    return started(folder, settings, targetTags, LIMIT, LIMIT);
  }

  static PluginHost started(
      Path folder,
      Function<String, Map<String, String>> settings,
      List<String> targetTags,
      Duration callLimit,
      Duration lifecycleLimit) {
    PluginHost host =
        new PluginHost(
            new PluginHost.Options(folder, AGENT, callLimit, lifecycleLimit, settings, targetTags));
    host.start();
    return host;
  }
}
