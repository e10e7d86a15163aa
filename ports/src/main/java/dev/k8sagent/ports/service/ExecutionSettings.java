package dev.k8sagent.ports.service;

import dev.k8sagent.domain.version.KubernetesSupport;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link RunningScripts} behaves.
 *
 * @param pendingPodTimeout a task whose pod is still Pending after this long fails with Timeout
 *     ({@code PENDINGPODSSTUCKAFTERMINUTES})
 * @param missingEndMarkerGrace how long after its pod ended a task waits for the runner's end
 *     marker to become visible on the shared volume before it reports the pod's own exit code
 * @param keepPods keep finished pods ({@code DISABLEAUTOPODCLEANUP})
 * @param keepWorkspaces keep workspaces after CompleteScript (retention)
 * @param podEventsInTaskLog copy pod events into the task output ({@code DISABLEPODEVENTSINTASKLOG}
 *     turns it off)
 * @param maxLinesPerStatus most output lines one status response carries
 * @param kubernetesSupport the cluster versions supported and their tools images
 * @param podEnvironment environment variables every script pod gets (release name, namespace…)
 * @param maxRunningTasks tasks whose pods run at once; more wait, Pending, in arrival order
 */
public record ExecutionSettings(
    Duration pendingPodTimeout,
    Duration missingEndMarkerGrace,
    boolean keepPods,
    boolean keepWorkspaces,
    boolean podEventsInTaskLog,
    int maxLinesPerStatus,
    KubernetesSupport kubernetesSupport,
    Map<String, String> podEnvironment,
    int maxRunningTasks) {

  public ExecutionSettings {
    Objects.requireNonNull(pendingPodTimeout, "pendingPodTimeout");
    Objects.requireNonNull(missingEndMarkerGrace, "missingEndMarkerGrace");
    Objects.requireNonNull(kubernetesSupport, "kubernetesSupport");
    podEnvironment = Map.copyOf(podEnvironment);
    if (pendingPodTimeout.isNegative() || pendingPodTimeout.isZero()) {
      throw new IllegalArgumentException("The pending pod timeout must be positive");
    }
    if (maxRunningTasks < 1) {
      throw new IllegalArgumentException("maxRunningTasks must be at least 1");
    }
    if (maxLinesPerStatus < 1) {
      throw new IllegalArgumentException("maxLinesPerStatus must be at least 1");
    }
  }

  /** The most tasks running at once unless configured otherwise. */
  public static final int DEFAULT_MAX_RUNNING_TASKS = 100;

  /**
   * The defaults of the official agent (60 minutes pending, pods and workspaces removed), and at
   * most {@value #DEFAULT_MAX_RUNNING_TASKS} tasks running at once.
   */
  public static ExecutionSettings defaults() {
    return new ExecutionSettings(
        Duration.ofMinutes(60),
        Duration.ofSeconds(30),
        false,
        false,
        true,
        10_000,
        KubernetesSupport.DEFAULT,
        Map.of(),
        DEFAULT_MAX_RUNNING_TASKS);
  }

  public ExecutionSettings withMaxRunningTasks(int max) {
    return new ExecutionSettings(
        pendingPodTimeout,
        missingEndMarkerGrace,
        keepPods,
        keepWorkspaces,
        podEventsInTaskLog,
        maxLinesPerStatus,
        kubernetesSupport,
        podEnvironment,
        max);
  }
}
