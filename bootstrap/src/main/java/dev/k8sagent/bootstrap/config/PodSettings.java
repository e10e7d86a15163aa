package dev.k8sagent.bootstrap.config;

import dev.k8sagent.adapters.k8s.pods.ScriptPodSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where tasks run: script pods in the cluster (made as the {@code OCTOPUS__K8STENTACLE__*}
 * variables say, read by {@link ScriptPodSettings}) or local processes; how long a pod may stay
 * Pending; the kubeconfig to use outside a cluster; how many tasks run at once; and the agent's
 * request budget towards the API server.
 */
public record PodSettings(
    PodsMode mode,
    Optional<ScriptPodSettings> scriptPods,
    Duration pendingTimeout,
    Optional<Path> kubeconfig,
    int maxRunningTasks,
    ApiBudget apiBudget) {

  /** The most requests a second the agent sends the API server, steadily and at once. */
  public record ApiBudget(int perSecond, int burst) {}

  /** Where script pods run. */
  public enum PodsMode {
    KUBERNETES,
    LOCAL
  }

  static PodSettings read(SettingsReader in, Map<String, String> environment) {
    PodsMode mode = in.choice("pods", PodsMode.class);
    Optional<ScriptPodSettings> scriptPods = Optional.empty();
    if (mode == PodsMode.KUBERNETES) {
      try {
        scriptPods =
            Optional.of(
                ScriptPodSettings.fromEnvironment(
                    in.variable("TentacleHome").orElseThrow(), environment));
      } catch (ScriptPodSettings.InvalidSettingsException e) {
        e.problems().forEach(in::problem);
      }
    }
    return new PodSettings(
        mode,
        scriptPods,
        Duration.ofMinutes(
            in.variableNumber(
                ScriptPodSettings.PREFIX + "PENDINGPODSSTUCKAFTERMINUTES", 1, 7 * 24 * 60)),
        in.optionalPath("kubeconfig"),
        in.number("max-running-tasks", 1, 100_000),
        new ApiBudget(
            in.number("api-requests-per-second", 1, 10_000),
            in.number("api-request-burst", 1, 100_000)));
  }

  List<String> describe() {
    List<String> lines = new ArrayList<>();
    lines.add(
        "pods:        "
            + mode.name().toLowerCase(Locale.ROOT)
            + ", failing after "
            + pendingTimeout.toMinutes()
            + " min Pending, at most "
            + maxRunningTasks
            + " running at once");
    scriptPods.ifPresent(
        p ->
            lines.add(
                "namespace:   "
                    + p.namespace()
                    + ", claim "
                    + p.volumeClaimName()
                    + ", API requests at most "
                    + apiBudget.perSecond()
                    + "/s (burst "
                    + apiBudget.burst()
                    + ")"));
    return lines;
  }
}
