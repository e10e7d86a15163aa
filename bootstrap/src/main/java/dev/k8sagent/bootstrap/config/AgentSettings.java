package dev.k8sagent.bootstrap.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import dev.k8sagent.adapters.k8s.pods.ScriptPodSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Everything the agent is configured with, one record per area, read once at start-up from {@code
 * reference.conf}, {@code application.conf} and the environment variables of the configuration
 * contract. Every problem of every area is collected and reported together, each naming its
 * variable; secrets never appear in {@link #describe()} or any message.
 */
public record AgentSettings(
    RegistrationSettings registration,
    ServerPollingSettings polling,
    PodSettings pods,
    StorageSettings storage,
    HttpSettings http,
    LogSettings logging,
    PluginSettings plugins,
    EventSettings events) {

  /** Reads the settings from the class path's configuration files and {@code environment}. */
  public static AgentSettings load(Map<String, String> environment) {
    return from(ConfigFactory.load(), environment);
  }

  /**
   * Reads the settings from {@code config} and {@code environment}.
   *
   * @throws InvalidConfigurationException listing every problem
   */
  public static AgentSettings from(Config config, Map<String, String> environment) {
    return read(new SettingsReader(config, environment), environment);
  }

  /**
   * Reads every area from {@code in}; the paths it reads are how a test checks the documentation.
   */
  static AgentSettings read(SettingsReader in, Map<String, String> environment) {
    PodSettings pods = PodSettings.read(in, environment);
    AgentSettings settings =
        new AgentSettings(
            RegistrationSettings.read(in),
            ServerPollingSettings.read(in),
            pods,
            StorageSettings.read(in, pods.scriptPods().map(ScriptPodSettings::releaseName)),
            HttpSettings.read(in),
            LogSettings.read(in),
            PluginSettings.read(in),
            EventSettings.read(in));
    if (!in.problems().isEmpty()) {
      throw new InvalidConfigurationException(in.problems());
    }
    return settings;
  }

  /** The settings in a few lines, secrets left out, for {@code check-config} and the start log. */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    lines.addAll(registration.describe());
    lines.addAll(polling.describe());
    lines.addAll(storage.describe());
    lines.addAll(pods.describe());
    lines.addAll(http.describe());
    lines.addAll(logging.describe());
    lines.addAll(plugins.describe());
    lines.addAll(events.describe());
    return lines;
  }

  /**
   * The {@code K8SAGENT_*} variables there are, one per {@code k8s-agent.*} key, each with its
   * default and the comment {@code reference.conf} gives it: {@code K8SAGENT_HTTP_PORT (8080): Port
   * of ...}.
   */
  public static List<String> variables() {
    Config reference = ConfigFactory.defaultReference().getConfig(SettingsReader.ROOT);
    List<String> lines = new ArrayList<>();
    for (String key : new TreeSet<>(reference.root().keySet())) {
      ConfigValue value = reference.getValue(key);
      String fallback = String.valueOf(value.unwrapped());
      lines.add(
          SettingsReader.variableFor(key)
              + " ("
              + (fallback.isEmpty() ? "not set" : fallback)
              + "): "
              + String.join(" ", value.origin().comments().stream().map(String::trim).toList()));
    }
    return lines;
  }
}
