package dev.k8sagent.bootstrap.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.k8sagent.domain.text.CloseMatches;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Reads settings and collects every problem instead of stopping at the first, so one start-up
 * reports all of them, each naming its variable or key. Two sources:
 *
 * <ul>
 *   <li>the {@code k8s-agent.*} keys of {@code reference.conf} and {@code application.conf}, each
 *       overridden by its {@code K8SAGENT_*} variable ({@code http-port} by {@code
 *       K8SAGENT_HTTP_PORT});
 *   <li>the Octopus variables the chart sets ({@code TargetName}, {@code
 *       TentaclePollingConnectionCount}, ...), whose defaults, where they have one, are the {@code
 *       octopus-variable-defaults} block of {@code reference.conf}.
 * </ul>
 *
 * An unknown {@code k8s-agent.*} key or {@code K8SAGENT_*} variable is a problem too, with the
 * closest known names, so a typo never silently falls back to a default.
 */
final class SettingsReader {
  static final String ROOT = "k8s-agent";
  static final String VARIABLE_DEFAULTS = "octopus-variable-defaults";
  static final String VARIABLE_PREFIX = "K8SAGENT_";

  /** The section of the plugins' own settings, {@code k8s-agent.plugins.<plugin-id>.<key>}. */
  static final String PLUGIN_SECTION = "plugins";

  /** Variables of this prefix are the plugins' own settings, read by the plugin host. */
  static final String PLUGIN_VARIABLE_PREFIX = dev.k8sagent.plugins.api.PluginContext.PREFIX;

  private final Config config;
  private final Map<String, String> environment;
  private final List<String> problems = new ArrayList<>();
  private final Set<String> read = new TreeSet<>();

  SettingsReader(Config config, Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
    Set<String> known = ConfigFactory.defaultReference().getConfig(ROOT).root().keySet();
    this.config = withEnvironment(config, known);
    refuseUnknown(known);
  }

  /** The {@code K8SAGENT_*} variable that overrides {@code key}. */
  static String variableFor(String key) {
    return VARIABLE_PREFIX + key.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /** Every problem found so far. */
  List<String> problems() {
    return List.copyOf(problems);
  }

  /** The configuration paths read so far: how a test sees that every documented key is used. */
  Set<String> pathsRead() {
    return Set.copyOf(read);
  }

  void problem(String text) {
    problems.add(text);
  }

  /** {@code read}'s value, or {@code fallback} with a problem naming {@code what}. */
  <T> T check(String what, Supplier<T> read, T fallback) {
    try {
      return read.get();
    } catch (IllegalArgumentException | ConfigException e) {
      problems.add(what + ": " + e.getMessage());
      return fallback;
    }
  }

  /** An Octopus variable, trimmed, or its default; empty when neither is set. */
  Optional<String> variable(String name) {
    String path = VARIABLE_DEFAULTS + "." + name;
    Optional<String> fallback = Optional.empty();
    if (config.hasPath(path)) {
      read.add(path);
      fallback = Optional.of(config.getString(path));
    }
    String value = environment.get(name);
    return value == null || value.isBlank() ? fallback : Optional.of(value.trim());
  }

  /** An Octopus variable parsed by {@code parser}; a value it refuses is a problem. */
  <T> Optional<T> variable(String name, Function<String, T> parser) {
    return variable(name)
        .flatMap(value -> check(name, () -> Optional.of(parser.apply(value)), Optional.empty()));
  }

  /** A whole-number Octopus variable with a default in {@code reference.conf}. */
  int variableNumber(String name, int min, int max) {
    String text =
        variable(name).orElseThrow(() -> new IllegalStateException(name + " has no default"));
    try {
      int value = Integer.parseInt(text);
      if (value >= min && value <= max) {
        return value;
      }
      problems.add(name + " must be between " + min + " and " + max + ", got " + value);
    } catch (NumberFormatException e) {
      problems.add(name + " must be a whole number, got '" + text + "'");
    }
    return min;
  }

  /** The environment variables whose names start with {@code prefix}, by name. */
  Map<String, String> variablesStartingWith(String prefix) {
    Map<String, String> found = new java.util.TreeMap<>();
    environment.forEach(
        (name, value) -> {
          if (name.startsWith(prefix)) {
            found.put(name, value);
          }
        });
    return found;
  }

  /**
   * The plugins' own settings from the configuration files: for each {@code
   * k8s-agent.plugins.<plugin-id>} section its keys (nested ones joined with {@code .}) and values
   * as text. Anything else under {@code k8s-agent.plugins} is a problem.
   */
  Map<String, Map<String, String>> pluginSections() {
    String path = fullPath(PLUGIN_SECTION);
    Map<String, Map<String, String>> sections = new java.util.TreeMap<>();
    if (!config.hasPath(path)) {
      return sections;
    }
    read.add(path);
    if (config.getValue(path).valueType() != com.typesafe.config.ConfigValueType.OBJECT) {
      problems.add(path + " must be a section with one section per plugin id");
      return sections;
    }
    Config plugins = config.getConfig(path);
    for (String id : new TreeSet<>(plugins.root().keySet())) {
      if (plugins.root().get(id).valueType() != com.typesafe.config.ConfigValueType.OBJECT) {
        problems.add(
            path
                + "."
                + id
                + " must be a section of settings for plugin "
                + id
                + ", e.g. "
                + path
                + "."
                + id
                + ".some-key = value");
        continue;
      }
      Map<String, String> settings = new java.util.TreeMap<>();
      plugins
          .getConfig(com.typesafe.config.ConfigUtil.joinPath(id))
          .entrySet()
          .forEach(e -> settings.put(e.getKey(), String.valueOf(e.getValue().unwrapped())));
      sections.put(id, settings);
    }
    return sections;
  }

  /** The text of {@code k8s-agent.<key>}. */
  String text(String key) {
    return check(describe(key), () -> config.getString(path(key)), "");
  }

  /** {@code k8s-agent.<key>} as a whole number between {@code min} and {@code max}. */
  int number(String key, int min, int max) {
    int value = check(describe(key), () -> config.getInt(path(key)), min);
    if (value < min || value > max) {
      problems.add(describe(key) + " must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  /** {@code k8s-agent.<key>} as a size in bytes ({@code 512M}, {@code 16G}) within a range. */
  long bytes(String key, long min, long max) {
    long value = check(describe(key), () -> config.getBytes(path(key)), min);
    if (value < min || value > max) {
      problems.add(
          describe(key) + " must be between " + min + " and " + max + " bytes, got " + value);
    }
    return value;
  }

  /** {@code k8s-agent.<key>} as a duration ({@code 90s}, {@code 24h}). */
  Duration duration(String key) {
    return check(describe(key), () -> config.getDuration(path(key)), Duration.ZERO);
  }

  /** {@code k8s-agent.<key>} as a path; empty when blank. */
  Optional<Path> optionalPath(String key) {
    String value = text(key);
    return value.isBlank() ? Optional.empty() : Optional.of(Path.of(value));
  }

  /** {@code k8s-agent.<key>}, one of {@code choices} (case ignored). */
  <E extends Enum<E>> E choice(String key, Class<E> choices) {
    String value = text(key).trim();
    for (E choice : choices.getEnumConstants()) {
      if (choice.name().equalsIgnoreCase(value)) {
        return choice;
      }
    }
    List<String> names =
        Arrays.stream(choices.getEnumConstants())
            .map(c -> c.name().toLowerCase(Locale.ROOT))
            .toList();
    problems.add(
        describe(key) + " must be " + String.join(" or ", names) + ", got '" + value + "'");
    return choices.getEnumConstants()[0];
  }

  private String path(String key) {
    String path = fullPath(key);
    read.add(path);
    return path;
  }

  private static String fullPath(String key) {
    return ROOT + "." + key;
  }

  private static String describe(String key) {
    return variableFor(key) + " (" + ROOT + "." + key + ")";
  }

  /** Applies the {@code K8SAGENT_*} variables, and {@code KUBECONFIG} when no kubeconfig is set. */
  private Config withEnvironment(Config config, Set<String> known) {
    Config result = config;
    for (String key : known) {
      String variable = variableFor(key);
      String value = environment.get(variable);
      if (value != null) {
        result = result.withValue(fullPath(key), ConfigValueFactory.fromAnyRef(value, variable));
      }
    }
    if (environment.containsKey("KUBECONFIG") && config.getString(ROOT + ".kubeconfig").isBlank()) {
      result =
          result.withValue(
              ROOT + ".kubeconfig", ConfigValueFactory.fromAnyRef(environment.get("KUBECONFIG")));
    }
    return result;
  }

  private static final Pattern SERVICE_HOST = Pattern.compile("[A-Z0-9_]+_SERVICE_HOST");
  private static final Pattern SERVICE_PORT =
      Pattern.compile("[A-Z0-9_]+_SERVICE_PORT(_[A-Z0-9_]+)?");
  private static final Pattern PORT_URL = Pattern.compile("[A-Z0-9_]+_PORT");
  private static final Pattern PORT_PARTS =
      Pattern.compile("[A-Z0-9_]+_PORT_[0-9]+_(TCP|UDP|SCTP)(_PROTO|_PORT|_ADDR)?");

  /**
   * Whether {@code name} is one of the variables Kubernetes adds for every Service in the namespace
   * (a Service called {@code k8sagent-nfs} adds {@code K8SAGENT_NFS_SERVICE_HOST}, ...). The chart
   * turns these off, but an agent installed otherwise must not refuse to start because of them. The
   * value must look like Kubernetes' too, so a mistyped setting is still reported.
   */
  static boolean isServiceLink(String name, String value) {
    String v = value == null ? "" : value.trim();
    if (PORT_PARTS.matcher(name).matches()) {
      return !v.isEmpty();
    }
    if (SERVICE_HOST.matcher(name).matches()) {
      return v.matches("[0-9A-Fa-f.:]+");
    }
    if (SERVICE_PORT.matcher(name).matches()) {
      return v.matches("[0-9]+");
    }
    if (PORT_URL.matcher(name).matches()) {
      return v.matches("(tcp|udp|sctp)://\\S+");
    }
    return false;
  }

  private void refuseUnknown(Set<String> known) {
    if (config.hasPath(ROOT)) {
      for (String key : new TreeSet<>(config.getConfig(ROOT).root().keySet())) {
        if (!known.contains(key) && !key.equals(PLUGIN_SECTION)) {
          problems.add(
              ROOT
                  + "."
                  + key
                  + " ("
                  + config.getValue(ROOT + "." + key).origin().description()
                  + ") is not a k8s-agent setting"
                  + CloseMatches.didYouMean(key, known));
        }
      }
    }
    List<String> variables = known.stream().map(SettingsReader::variableFor).toList();
    for (String name : new TreeSet<>(environment.keySet())) {
      if (name.startsWith(VARIABLE_PREFIX)
          && !name.startsWith(PLUGIN_VARIABLE_PREFIX)
          && !variables.contains(name)
          && !isServiceLink(name, environment.get(name))) {
        problems.add(
            name + " is not a k8s-agent setting" + CloseMatches.didYouMean(name, variables));
      }
    }
  }
}
