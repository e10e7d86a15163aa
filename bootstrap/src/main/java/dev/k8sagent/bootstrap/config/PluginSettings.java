package dev.k8sagent.bootstrap.config;

import dev.k8sagent.bootstrap.plugins.PluginHost;
import dev.k8sagent.domain.version.SemanticVersion;
import dev.k8sagent.plugins.api.PluginContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Where plugin jars are loaded from, how long one extension call may take, and the plugins' own
 * settings: the {@code K8SAGENT_PLUGIN__<ID>__<KEY>} variables (see {@link PluginContext}).
 */
public record PluginSettings(
    Path directory, Duration callTimeout, Map<String, String> pluginVariables) {
  public PluginSettings {
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
    return new PluginSettings(
        Path.of(in.text("plugins-directory")),
        callTimeout,
        in.variablesStartingWith(PluginContext.PREFIX));
  }

  /** How the plugin host runs the plugins of this agent version. */
  public PluginHost.Options hostOptions(SemanticVersion agentVersion) {
    return new PluginHost.Options(
        directory,
        agentVersion,
        callTimeout,
        false,
        id -> PluginContext.fromEnvironment(id, pluginVariables));
  }

  List<String> describe() {
    return List.of("plugins:     " + directory + " (calls limited to " + callTimeout + ")");
  }
}
