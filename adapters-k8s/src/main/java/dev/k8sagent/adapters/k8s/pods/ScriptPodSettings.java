package dev.k8sagent.adapters.k8s.pods;

import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;
import dev.k8sagent.adapters.k8s.TolerantJson;
import io.kubernetes.client.openapi.models.V1Affinity;
import io.kubernetes.client.openapi.models.V1PodSecurityContext;
import io.kubernetes.client.openapi.models.V1ResourceRequirements;
import io.kubernetes.client.openapi.models.V1Toleration;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How script pods are made, from the {@code OCTOPUS__K8STENTACLE__*} variables the chart sets:
 * where they run, what they mount, and the JSON the user merges into each of them. Malformed JSON
 * is a start-up error naming the variable; every problem is reported at once.
 *
 * <p>{@code readWriteOnceVolume} is true when {@code ACCESSMODESJSON} (the chart's {@code
 * persistence.accessModes}) is exactly {@code ["ReadWriteOnce"]}: the shared volume then mounts on
 * one node only, and every script pod is pinned to the agent's node.
 *
 * <p>Passed on to each script pod as the official agent does: the chart version and whether the
 * Kubernetes monitor is on (as variables), the proxy Secret ({@code PODPROXIESSECRETNAME}, as
 * {@code envFrom}) and the image pull policy ({@code SCRIPTPODPULLPOLICY}).
 */
public record ScriptPodSettings(
    String namespace,
    String volumeClaimName,
    String homeDirectory,
    String releaseName,
    Optional<String> serviceAccountName,
    List<String> imagePullSecretNames,
    Optional<V1ResourceRequirements> resources,
    Optional<V1Affinity> affinity,
    List<V1Toleration> tolerations,
    Optional<V1PodSecurityContext> securityContext,
    Map<String, String> annotations,
    Map<String, String> labels,
    boolean podEventsInTaskLog,
    boolean autoCleanup,
    boolean readWriteOnceVolume,
    Optional<String> chartVersion,
    boolean kubernetesMonitorEnabled,
    Optional<String> proxiesSecretName,
    Optional<String> imagePullPolicy,
    Optional<String> upgraderServiceAccountName) {
  public static final String PREFIX = "OCTOPUS__K8STENTACLE__";

  /**
   * The service account name Octopus Server asks for when it runs a health check or an upgrade of
   * the agent. A fixed name cannot be owned by two releases in one namespace, so the chart creates
   * its own and names it in {@code UPGRADERSERVICEACCOUNTNAME}; a pod that asks for this name gets
   * that one instead.
   */
  public static final String SERVER_UPGRADER_SERVICE_ACCOUNT = "octopus-agent-auto-upgrader";

  public ScriptPodSettings {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(volumeClaimName, "volumeClaimName");
    Objects.requireNonNull(homeDirectory, "homeDirectory");
    Objects.requireNonNull(releaseName, "releaseName");
    Objects.requireNonNull(serviceAccountName, "serviceAccountName");
    imagePullSecretNames = List.copyOf(imagePullSecretNames);
    Objects.requireNonNull(resources, "resources");
    Objects.requireNonNull(affinity, "affinity");
    tolerations = List.copyOf(tolerations);
    Objects.requireNonNull(securityContext, "securityContext");
    annotations = Map.copyOf(annotations);
    labels = Map.copyOf(labels);
    Objects.requireNonNull(chartVersion, "chartVersion");
    Objects.requireNonNull(proxiesSecretName, "proxiesSecretName");
    Objects.requireNonNull(imagePullPolicy, "imagePullPolicy");
    Objects.requireNonNull(upgraderServiceAccountName, "upgraderServiceAccountName");
  }

  /**
   * The service account a script pod runs as: the one the server names for this task (with the
   * server's fixed upgrader name swapped for the release's own), else the configured default.
   */
  public Optional<String> serviceAccountFor(Optional<String> requested) {
    return requested
        .map(
            name ->
                SERVER_UPGRADER_SERVICE_ACCOUNT.equals(name)
                    ? upgraderServiceAccountName.orElse(name)
                    : name)
        .or(this::serviceAccountName);
  }

  /** The image pull policies Kubernetes knows, as it spells them. */
  public static final List<String> PULL_POLICIES = List.of("Always", "IfNotPresent", "Never");

  /** Thrown with every problem found, each naming its variable. */
  public static final class InvalidSettingsException extends IllegalArgumentException {
    private final List<String> problems;

    InvalidSettingsException(List<String> problems) {
      super("Script pod settings are not valid:\n  - " + String.join("\n  - ", problems));
      this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
      return problems;
    }
  }

  /**
   * Reads the settings from {@code environment}; {@code homeDirectory} is where the shared volume
   * is mounted ({@code TentacleHome}, whose default the agent's configuration defines).
   *
   * @throws InvalidSettingsException listing every missing or malformed variable
   */
  public static ScriptPodSettings fromEnvironment(
      String homeDirectory, Map<String, String> environment) {
    Reader reader = new Reader(environment);
    String namespace = reader.required("NAMESPACE");
    String claim = reader.required("PODVOLUMECLAIMNAME");
    String release = reader.required("HELMRELEASENAME");
    String home = homeDirectory;
    ScriptPodSettings settings =
        new ScriptPodSettings(
            namespace == null ? "" : namespace,
            claim == null ? "" : claim,
            home,
            release == null ? "" : release,
            reader.optional("PODSERVICEACCOUNTNAME"),
            reader
                .optional("PODIMAGEPULLSECRETNAMES")
                .map(
                    names ->
                        Arrays.stream(names.split(","))
                            .map(String::trim)
                            .filter(n -> !n.isEmpty())
                            .toList())
                .orElse(List.of()),
            reader.json("PODRESOURCEJSON", V1ResourceRequirements.class),
            reader.json("PODAFFINITYJSON", V1Affinity.class),
            reader
                .<List<V1Toleration>>json(
                    "PODTOLERATIONSJSON", new TypeToken<List<V1Toleration>>() {}.getType())
                .orElse(List.of()),
            reader.json("PODSECURITYCONTEXTJSON", V1PodSecurityContext.class),
            reader
                .<Map<String, String>>json(
                    "PODANNOTATIONSJSON", new TypeToken<Map<String, String>>() {}.getType())
                .orElse(Map.of()),
            reader
                .<Map<String, String>>json(
                    "PODLABELSJSON", new TypeToken<Map<String, String>>() {}.getType())
                .orElse(Map.of()),
            !reader.flag("DISABLEPODEVENTSINTASKLOG"),
            !reader.flag("DISABLEAUTOPODCLEANUP"),
            reader
                .<List<String>>json("ACCESSMODESJSON", new TypeToken<List<String>>() {}.getType())
                .map(ScriptPodSettings::onlyReadWriteOnce)
                .orElse(false),
            reader.optional("HELMCHARTVERSION"),
            reader.flag("KUBERNETESMONITORENABLED"),
            reader.optional("PODPROXIESSECRETNAME"),
            reader.oneOf("SCRIPTPODPULLPOLICY", PULL_POLICIES),
            reader.optional("UPGRADERSERVICEACCOUNTNAME"));
    if (!reader.problems.isEmpty()) {
      throw new InvalidSettingsException(reader.problems);
    }
    return settings;
  }

  /**
   * Whether the shared volume's access modes are exactly {@code ReadWriteOnce} (in any case): it
   * can then be mounted on one node only, so script pods must run on the agent's node.
   */
  private static boolean onlyReadWriteOnce(List<String> accessModes) {
    return accessModes.size() == 1 && "ReadWriteOnce".equalsIgnoreCase(accessModes.get(0));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static final class Reader {
    private final Map<String, String> environment;
    private final List<String> problems = new ArrayList<>();

    Reader(Map<String, String> environment) {
      this.environment = environment;
    }

    String required(String suffix) {
      String value = blankToNull(environment.get(PREFIX + suffix));
      if (value == null) {
        problems.add(PREFIX + suffix + " is not set");
      }
      return value;
    }

    Optional<String> optional(String suffix) {
      return Optional.ofNullable(blankToNull(environment.get(PREFIX + suffix)));
    }

    boolean flag(String suffix) {
      Optional<String> value = optional(suffix).map(v -> v.toLowerCase(Locale.ROOT));
      if (value.isEmpty() || value.get().equals("false")) {
        return false;
      }
      if (value.get().equals("true")) {
        return true;
      }
      problems.add(PREFIX + suffix + " must be true or false, got '" + value.get() + "'");
      return false;
    }

    /** One of {@code allowed}, in any case, given back as {@code allowed} spells it. */
    Optional<String> oneOf(String suffix, List<String> allowed) {
      Optional<String> value = optional(suffix);
      if (value.isEmpty()) {
        return value;
      }
      Optional<String> known = allowed.stream().filter(value.get()::equalsIgnoreCase).findFirst();
      if (known.isEmpty()) {
        problems.add(
            PREFIX
                + suffix
                + " must be one of "
                + String.join(", ", allowed)
                + ", got '"
                + value.get()
                + "'");
      }
      return known;
    }

    <T> Optional<T> json(String suffix, Type type) {
      Optional<String> text = optional(suffix);
      if (text.isEmpty()) {
        return Optional.empty();
      }
      try {
        T value = TolerantJson.strict().fromJson(text.get(), type);
        if (value == null) {
          return Optional.empty();
        }
        return Optional.of(value);
      } catch (JsonParseException | IllegalArgumentException | IllegalStateException e) {
        problems.add(
            PREFIX + suffix + " is not valid JSON for this setting: " + firstLine(e.getMessage()));
        return Optional.empty();
      }
    }

    private static String firstLine(String message) {
      if (message == null) {
        return "unreadable";
      }
      int newline = message.indexOf('\n');
      return newline < 0 ? message : message.substring(0, newline);
    }
  }
}
