package dev.k8sagent.bootstrap.config;

import java.util.List;
import java.util.Optional;

/**
 * The agent's own pod, which its Kubernetes Events are about: its name and namespace, which the
 * chart passes from the downward API. Without them (a run outside a cluster) the agent writes
 * Events about script pods only.
 */
public record EventSettings(Optional<String> podName, Optional<String> podNamespace) {
  static EventSettings read(SettingsReader in) {
    return new EventSettings(present(in.text("pod-name")), present(in.text("pod-namespace")));
  }

  private static Optional<String> present(String value) {
    return value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  List<String> describe() {
    return List.of(
        "events:      about "
            + (podName.isPresent() && podNamespace.isPresent()
                ? "pod " + podNamespace.get() + "/" + podName.get() + " and script pods"
                : "script pods only (K8SAGENT_POD_NAME/K8SAGENT_POD_NAMESPACE not set)"));
  }
}
