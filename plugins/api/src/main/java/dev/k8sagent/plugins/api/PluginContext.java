package dev.k8sagent.plugins.api;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A plugin's own settings, handed to {@link AgentExtension#configure}. They come from two places,
 * the environment winning:
 *
 * <ul>
 *   <li>the agent's configuration file: {@code k8s-agent.plugins.<plugin-id>.<key> = value};
 *   <li>environment variables: {@code K8SAGENT_PLUGIN__<ID>__<KEY>} where {@code <ID>} and {@code
 *       <KEY>} are the plugin id and the key in upper case with every {@code -} or {@code .}
 *       written as {@code _}. For plugin {@code registry-mirror} and key {@code pull-secret}:
 *       {@code K8SAGENT_PLUGIN__REGISTRY_MIRROR__PULL_SECRET}. Keys read back in lower case with
 *       {@code -}.
 * </ul>
 *
 * @param pluginId the plugin's {@code Plugin-Id}
 * @param settings the plugin's keys (without the {@code k8s-agent.plugins.<plugin-id>.} prefix) and
 *     their values
 */
public record PluginContext(String pluginId, Map<String, String> settings) {
  public PluginContext {
    Objects.requireNonNull(pluginId, "pluginId");
    settings = Map.copyOf(settings);
  }

  /** The value of {@code key}, or empty when it is not set or blank. */
  public Optional<String> setting(String key) {
    return Optional.ofNullable(settings.get(key)).map(String::trim).filter(v -> !v.isEmpty());
  }

  /**
   * The value of {@code key}; throws an {@link IllegalStateException} naming the file key and the
   * environment variable to set when it is missing.
   */
  public String required(String key) {
    return setting(key)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "Plugin "
                        + pluginId
                        + " needs the setting '"
                        + key
                        + "': set k8s-agent.plugins."
                        + pluginId
                        + "."
                        + key
                        + " or "
                        + variableFor(pluginId, key)));
  }

  /** The environment variable that sets {@code key} of plugin {@code pluginId}. */
  public static String variableFor(String pluginId, String key) {
    return PREFIX + upper(pluginId) + SEPARATOR + upper(key);
  }

  /**
   * The settings of {@code pluginId} among {@code environment}'s variables, keys in lower case with
   * {@code -}.
   */
  public static Map<String, String> fromEnvironment(
      String pluginId, Map<String, String> environment) {
    String prefix = PREFIX + upper(pluginId) + SEPARATOR;
    Map<String, String> found = new TreeMap<>();
    environment.forEach(
        (name, value) -> {
          if (name.startsWith(prefix) && name.length() > prefix.length()) {
            found.put(
                name.substring(prefix.length())
                    .toLowerCase(java.util.Locale.ROOT)
                    .replace('_', '-'),
                value);
          }
        });
    return found;
  }

  /** The prefix of every plugin's environment variables. */
  public static final String PREFIX = "K8SAGENT_PLUGIN__";

  private static final String SEPARATOR = "__";

  private static String upper(String name) {
    return name.toUpperCase(java.util.Locale.ROOT).replace('-', '_').replace('.', '_');
  }
}
