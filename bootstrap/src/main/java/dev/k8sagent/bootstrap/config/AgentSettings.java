package dev.k8sagent.bootstrap.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.k8sagent.adapters.k8s.pods.ScriptPodSettings;
import dev.k8sagent.adapters.octopus.halibut.polling.PollingProxy;
import dev.k8sagent.adapters.octopus.halibut.polling.PollingSettings;
import dev.k8sagent.adapters.octopus.rest.HttpOctopusServerApi;
import dev.k8sagent.domain.target.DnsLabel;
import dev.k8sagent.domain.target.MachinePolicyName;
import dev.k8sagent.domain.target.NameList;
import dev.k8sagent.domain.target.SubscriptionId;
import dev.k8sagent.domain.target.TargetDefinition;
import dev.k8sagent.domain.target.TargetName;
import dev.k8sagent.domain.tenancy.Tenancy;
import dev.k8sagent.domain.tenancy.TenantedDeploymentParticipation;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Everything the agent is configured with, read once at start-up from {@code reference.conf},
 * {@code application.conf} and the environment variables of the configuration contract. Every
 * problem is collected and reported together, each naming its variable; secrets never appear in
 * {@link #describe()} or any message.
 */
public record AgentSettings(
    TargetDefinition target,
    Optional<URI> serverUrl,
    Optional<HttpOctopusServerApi.Credential> credential,
    List<URI> serverCommsAddresses,
    int pollingConnections,
    Optional<PollingProxy> proxy,
    Optional<SubscriptionId> fixedSubscription,
    Optional<dev.k8sagent.ports.out.AgentIdentity> configuredIdentity,
    String home,
    PodsMode pods,
    Optional<ScriptPodSettings> podSettings,
    int httpPort,
    Path pluginsDirectory,
    Duration workspaceRetention,
    Optional<Path> kubeconfig,
    Optional<Path> stateFile,
    String stateSecret,
    Path serverCertificateFile,
    Duration pendingPodTimeout,
    LogSettings logging) {

  /** Where script pods run. */
  public enum PodsMode {
    KUBERNETES,
    LOCAL
  }

  /** How logs are written. */
  public record LogSettings(boolean json, java.util.logging.Level level) {}

  /** Thrown with every problem found. */
  public static final class InvalidConfigurationException extends IllegalArgumentException {
    private final List<String> problems;

    InvalidConfigurationException(List<String> problems) {
      super(
          "The agent's configuration is not valid ("
              + problems.size()
              + (problems.size() == 1 ? " problem" : " problems")
              + "):\n  - "
              + String.join("\n  - ", problems));
      this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
      return problems;
    }
  }

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
    Reader in = new Reader(withEnvironment(config, environment), environment);
    List<String> problems = in.problems;

    if (!"Y".equals(in.env("ACCEPT_EULA").orElse(""))) {
      problems.add("ACCEPT_EULA must be Y to accept the Octopus Deploy end-user licence agreement");
    }
    TargetDefinition target = in.target();
    Optional<URI> serverUrl = in.uri("ServerUrl");
    Optional<HttpOctopusServerApi.Credential> credential =
        in.env("BearerToken")
            .<HttpOctopusServerApi.Credential>map(HttpOctopusServerApi.Credential.BearerToken::new)
            .or(() -> in.env("ServerApiKey").map(HttpOctopusServerApi.Credential.ApiKey::new));
    List<URI> comms = in.commsAddresses();
    int connections =
        in.integer("TentaclePollingConnectionCount", PollingSettings.DEFAULT_CONNECTIONS, 1, 512);
    Optional<PollingProxy> proxy = in.proxy();
    Optional<SubscriptionId> subscription = in.parse("ServerSubscriptionId", SubscriptionId::new);
    Optional<dev.k8sagent.ports.out.AgentIdentity> configuredIdentity =
        in.parse(
            "TentacleCertificateBase64",
            dev.k8sagent.adapters.octopus.identity.AgentCertificates::fromPfxBase64);
    String home = in.env("TentacleHome").orElse("/octopus");
    PodsMode pods = in.podsMode();
    Optional<ScriptPodSettings> podSettings = Optional.empty();
    if (pods == PodsMode.KUBERNETES) {
      try {
        podSettings = Optional.of(ScriptPodSettings.fromEnvironment(environment));
      } catch (ScriptPodSettings.InvalidSettingsException e) {
        problems.addAll(e.problems());
      }
    }
    int httpPort = in.configInt("http-port", 0, 65535);
    Path plugins = Path.of(in.configString("plugins-directory"));
    Duration retention = in.configDuration("workspace-retention");
    Optional<Path> kubeconfig = in.configPath("kubeconfig");
    Optional<Path> stateFile = in.configPath("state-file");
    String stateSecret =
        in.configString("state-secret").isBlank()
            ? podSettings.map(ScriptPodSettings::releaseName).orElse("k8s-agent")
                + "-k8s-agent-state"
            : in.configString("state-secret");
    Path serverCertificateFile = Path.of(in.configString("server-certificate-file"));
    Duration pendingPodTimeout =
        Duration.ofMinutes(
            in.integer("OCTOPUS__K8STENTACLE__PENDINGPODSSTUCKAFTERMINUTES", 60, 1, 7 * 24 * 60));
    LogSettings logging = in.logging();
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException(problems);
    }
    return new AgentSettings(
        target,
        serverUrl,
        credential,
        comms,
        connections,
        proxy,
        subscription,
        configuredIdentity,
        home,
        pods,
        podSettings,
        httpPort,
        plugins,
        retention,
        kubeconfig,
        stateFile,
        stateSecret,
        serverCertificateFile,
        pendingPodTimeout,
        logging);
  }

  /** The settings in a few lines, secrets left out, for {@code check-config} and the start log. */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    lines.add("target:      " + target.name().displayName() + " in space " + target.space());
    lines.add(
        "             environments " + target.environments() + ", tags " + target.targetTags());
    lines.add(
        "server:      "
            + serverUrl.map(URI::toString).orElse("(not set: registration needs ServerUrl)"));
    lines.add(
        "credential:  "
            + credential
                .map(
                    c ->
                        c instanceof HttpOctopusServerApi.Credential.BearerToken
                            ? "bearer token (set)"
                            : "API key (set)")
                .orElse("none (fine once registered)"));
    lines.add(
        "polling:     "
            + serverCommsAddresses
            + " x "
            + pollingConnections
            + proxy.map(p -> " via " + p).orElse(""));
    lines.add("home:        " + home + ", pods: " + pods.name().toLowerCase(Locale.ROOT));
    podSettings.ifPresent(
        p -> lines.add("namespace:   " + p.namespace() + ", claim " + p.volumeClaimName()));
    lines.add("http port:   " + httpPort);
    return lines;
  }

  /** Applies the K8SAGENT_* variables to the k8s-agent keys. */
  private static Config withEnvironment(Config config, Map<String, String> environment) {
    Config result = config;
    for (String key : config.getConfig("k8s-agent").root().keySet()) {
      String variable = "K8SAGENT_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
      String value = environment.get(variable);
      if (value != null) {
        result =
            result.withValue("k8s-agent." + key, ConfigValueFactory.fromAnyRef(value, variable));
      }
    }
    if (environment.containsKey("KUBECONFIG")
        && config.getString("k8s-agent.kubeconfig").isBlank()) {
      result =
          result.withValue(
              "k8s-agent.kubeconfig", ConfigValueFactory.fromAnyRef(environment.get("KUBECONFIG")));
    }
    return result;
  }

  /** Reads values, adding a problem for each bad one instead of stopping. */
  private static final class Reader {
    final Config config;
    final Map<String, String> environment;
    final List<String> problems = new ArrayList<>();

    Reader(Config config, Map<String, String> environment) {
      this.config = config;
      this.environment = environment;
    }

    Optional<String> env(String name) {
      String value = environment.get(name);
      return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    <T> T check(String what, Supplier<T> read, T fallback) {
      try {
        return read.get();
      } catch (IllegalArgumentException | ConfigException e) {
        problems.add(what + ": " + e.getMessage());
        return fallback;
      }
    }

    <T> Optional<T> parse(String name, java.util.function.Function<String, T> parser) {
      return env(name)
          .flatMap(value -> check(name, () -> Optional.of(parser.apply(value)), Optional.empty()));
    }

    Optional<URI> uri(String name) {
      return parse(
          name,
          value -> {
            URI uri = URI.create(value);
            if (uri.getScheme() == null || uri.getHost() == null) {
              throw new IllegalArgumentException("'" + value + "' is not an absolute URL");
            }
            return uri;
          });
    }

    TargetDefinition target() {
      Optional<String> name = env("TargetName").or(() -> env("AgentName"));
      if (name.isEmpty()) {
        problems.add("TargetName (or AgentName) is not set: the name of the deployment target");
      }
      NameList environments = names("TargetEnvironment");
      NameList roles = names("TargetRole");
      if (environments.isEmpty()) {
        problems.add("TargetEnvironment is not set: at least one environment name");
      }
      if (roles.isEmpty()) {
        problems.add("TargetRole is not set: at least one target tag");
      }
      Tenancy tenancy =
          check(
              "TargetTenantedDeploymentParticipation",
              () ->
                  new Tenancy(
                      TenantedDeploymentParticipation.parse(
                          env("TargetTenantedDeploymentParticipation").orElse("")),
                      names("TargetTenant").names(),
                      names("TargetTenantTag").names()),
              Tenancy.untenanted());
      Optional<DnsLabel> namespace = parse("DefaultNamespace", DnsLabel::new);
      Optional<MachinePolicyName> policy = parse("MachinePolicy", MachinePolicyName::new);
      if (name.isEmpty() || environments.isEmpty() || roles.isEmpty()) {
        return placeholder();
      }
      return check(
          "TargetName",
          () ->
              new TargetDefinition(
                  new TargetName(name.get()),
                  env("Space").orElse(TargetDefinition.DEFAULT_SPACE),
                  environments,
                  roles,
                  tenancy,
                  namespace,
                  policy),
          placeholder());
    }

    private static TargetDefinition placeholder() {
      return new TargetDefinition(
          new TargetName("unset"),
          TargetDefinition.DEFAULT_SPACE,
          new NameList(List.of("unset")),
          new NameList(List.of("unset")),
          Tenancy.untenanted(),
          Optional.empty(),
          Optional.empty());
    }

    NameList names(String name) {
      return check(
          name, () -> NameList.parseCommaSeparated(env(name).orElse("")), NameList.empty());
    }

    List<URI> commsAddresses() {
      List<String> texts = new ArrayList<>();
      env("ServerCommsAddresses")
          .ifPresent(list -> texts.addAll(NameList.parseCommaSeparated(list).names()));
      env("ServerCommsAddress").filter(a -> !texts.contains(a)).ifPresent(a -> texts.add(0, a));
      if (texts.isEmpty()) {
        problems.add(
            "ServerCommsAddress is not set: the server's polling address, https://host:10943/ or"
                + " wss://host/");
      }
      List<URI> addresses = new ArrayList<>();
      for (String text : texts) {
        check(
            "ServerCommsAddress",
            () -> addresses.add(PollingSettings.checkAddress(URI.create(text.trim()))),
            false);
      }
      return addresses;
    }

    int integer(String name, int fallback, int min, int max) {
      Optional<String> text = env(name);
      if (text.isEmpty()) {
        return fallback;
      }
      try {
        int value = Integer.parseInt(text.get());
        if (value < min || value > max) {
          problems.add(name + " must be between " + min + " and " + max + ", got " + value);
          return fallback;
        }
        return value;
      } catch (NumberFormatException e) {
        problems.add(name + " must be a whole number, got '" + text.get() + "'");
        return fallback;
      }
    }

    Optional<PollingProxy> proxy() {
      Optional<String> host = env("TentaclePollingProxyHost");
      if (host.isEmpty()) {
        return Optional.empty();
      }
      int port = integer("TentaclePollingProxyPort", 80, 1, 65535);
      return check(
          "TentaclePollingProxyHost",
          () ->
              Optional.of(
                  new PollingProxy(
                      host.get(),
                      port,
                      env("TentaclePollingProxyUsername"),
                      env("TentaclePollingProxyPassword"))),
          Optional.empty());
    }

    PodsMode podsMode() {
      String value = configString("pods");
      try {
        return PodsMode.valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add(
            "K8SAGENT_PODS (k8s-agent.pods) must be kubernetes or local, got '" + value + "'");
        return PodsMode.LOCAL;
      }
    }

    LogSettings logging() {
      String format = configString("log-format").trim().toLowerCase(Locale.ROOT);
      if (!format.equals("text") && !format.equals("json")) {
        problems.add(
            "K8SAGENT_LOG_FORMAT (k8s-agent.log-format) must be text or json, got '"
                + format
                + "'");
      }
      String level = env("OCTOPUS__TENTACLE__LOGLEVEL").orElse("Info").toLowerCase(Locale.ROOT);
      java.util.logging.Level parsed =
          switch (level) {
            case "verbose", "trace", "debug" -> java.util.logging.Level.FINE;
            case "info", "information" -> java.util.logging.Level.INFO;
            case "warn", "warning" -> java.util.logging.Level.WARNING;
            case "error", "fatal" -> java.util.logging.Level.SEVERE;
            default -> {
              problems.add(
                  "OCTOPUS__TENTACLE__LOGLEVEL must be Verbose, Info, Warn or Error, got '"
                      + level
                      + "'");
              yield java.util.logging.Level.INFO;
            }
          };
      return new LogSettings(format.equals("json"), parsed);
    }

    String configString(String key) {
      return check("k8s-agent." + key, () -> config.getString("k8s-agent." + key), "");
    }

    int configInt(String key, int min, int max) {
      int value = check(variable(key), () -> config.getInt("k8s-agent." + key), min);
      if (value < min || value > max) {
        problems.add(variable(key) + " must be between " + min + " and " + max + ", got " + value);
      }
      return value;
    }

    Duration configDuration(String key) {
      return check(
          variable(key), () -> config.getDuration("k8s-agent." + key), Duration.ofHours(24));
    }

    Optional<Path> configPath(String key) {
      String value = configString(key);
      return value.isBlank() ? Optional.empty() : Optional.of(Path.of(value));
    }

    private static String variable(String key) {
      return "K8SAGENT_"
          + key.toUpperCase(Locale.ROOT).replace('-', '_')
          + " (k8s-agent."
          + key
          + ")";
    }
  }
}
