package dev.k8sagent.bootstrap.config;

import dev.k8sagent.bootstrap.plugins.PluginHost;
import dev.k8sagent.domain.version.SemanticVersion;
import dev.k8sagent.plugins.api.PluginContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where plugin jars are loaded from, how long one extension call may take, how long each plugin's
 * start and stop hooks may take, and the plugins' own settings: the {@code
 * k8s-agent.plugins.<plugin-id>} sections of the configuration files, each key overridden by its
 * {@code K8SAGENT_PLUGIN__<ID>__<KEY>} variable (see {@link PluginContext}).
 */
public record PluginSettings(
    Path directory,
    Duration callTimeout,
    Duration lifecycleTimeout,
    Map<String, Map<String, String>> pluginSections,
    Map<String, String> pluginVariables) {
  public PluginSettings {
    pluginSections = Map.copyOf(pluginSections);
    pluginVariables = Map.copyOf(pluginVariables);
  }

  static PluginSettings read(SettingsReader in) {
    Duration callTimeout = in.duration("plugin-call-timeout");
    if (callTimeout.isNegative() || callTimeout.isZero()) {
      in.problem(
          "K8SAGENT_PLUGIN_CALL_TIMEOUT (k8s-agent.plugin-call-timeout) must be longer than zero,"
              + " e.g. 5s; got "
              + callTimeout);
      callTimeout = Duration.ofSeconds(5);
    }
    Duration lifecycleTimeout = in.duration("plugin-lifecycle-timeout");
    if (lifecycleTimeout.isNegative() || lifecycleTimeout.isZero()) {
      in.problem(
          "K8SAGENT_PLUGIN_LIFECYCLE_TIMEOUT (k8s-agent.plugin-lifecycle-timeout) must be longer"
              + " than zero, e.g. 10s; got "
              + lifecycleTimeout);
      lifecycleTimeout = Duration.ofSeconds(10);
    }
    String directory = in.text("plugins-directory");
    return new PluginSettings(
        directory.isBlank() ? besideTheJar() : Path.of(directory),
        callTimeout,
        lifecycleTimeout,
        in.pluginSections(),
        in.variablesStartingWith(PluginContext.PREFIX));
  }

  /**
   * {@code plugins/} in the folder of the agent's jar ({@code /app/plugins} in the image), whatever
   * the working directory; beside the classes folder when not run from a jar.
   */
  static Path besideTheJar() {
    try {
      Path code =
          Path.of(PluginSettings.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path folder = code.getParent() == null ? code : code.getParent();
      return folder.resolve("plugins");
    } catch (java.net.URISyntaxException | RuntimeException e) {
      return Path.of("plugins").toAbsolutePath();
    }
  }

  /** How the plugin host runs the plugins of this agent version, for a target with these tags. */
  public PluginHost.Options hostOptions(SemanticVersion agentVersion, List<String> targetTags) {
    return new PluginHost.Options(
        directory, agentVersion, callTimeout, lifecycleTimeout, this::settingsOf, targetTags);
  }

  /** The settings of plugin {@code id}: its file section, each key overridden by its variable. */
  public Map<String, String> settingsOf(String id) {
    Map<String, String> settings = new TreeMap<>(pluginSections.getOrDefault(id, Map.of()));
    settings.putAll(PluginContext.fromEnvironment(id, pluginVariables));
    return settings;
  }

  List<String> describe() {
    return List.of(
        "plugins:     "
            + directory
            + " (calls limited to "
            + callTimeout
            + ", starting and stopping to "
            + lifecycleTimeout
            + ")");
  }
}
