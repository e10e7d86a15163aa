package dev.k8sagent.bootstrap.plugins;

import dev.k8sagent.plugins.api.ScriptPod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether a customizer's answer only adds to the pod it was given: nothing the agent put there is
 * removed or changed (the shared work volume above all), the security settings stay as they were
 * unless privileged pods are allowed, an added init container is never privileged, and every added
 * mount names a volume of the pod.
 */
final class PodCheck {
  private PodCheck() {}

  /** What is wrong with {@code after}, or empty when it may be used. */
  static Optional<String> problemWith(
      ScriptPod before, ScriptPod after, boolean privilegedAllowed) {
    List<String> problems = new ArrayList<>();
    kept("label", before.labels(), after.labels(), problems);
    kept("annotation", before.annotations(), after.annotations(), problems);
    kept("environment variable", before.environment(), after.environment(), problems);
    kept("volume", before.volumes(), after.volumes(), problems);
    kept("volume mount", before.mounts(), after.mounts(), problems);
    kept("init container", before.initContainers(), after.initContainers(), problems);
    if (!after.security().equals(before.security()) && !privilegedAllowed) {
      problems.add(
          "changes the security settings from "
              + before.security()
              + " to "
              + after.security()
              + " (allowed only when the agent's settings allow privileged script pods)");
    }
    Set<String> volumes =
        after.volumes().stream().map(ScriptPod.Volume::name).collect(Collectors.toSet());
    if (volumes.size() != after.volumes().size()) {
      problems.add("names two volumes alike");
    }
    for (ScriptPod.Volume volume : after.volumes()) {
      if (!before.volumes().contains(volume)
          && volume.kind() == ScriptPod.Volume.Kind.AGENT_OWNED) {
        problems.add("adds volume " + volume.name() + " of a kind only the agent may add");
      }
    }
    for (ScriptPod.Mount mount : after.mounts()) {
      if (!volumes.contains(mount.volume())) {
        problems.add("mounts volume " + mount.volume() + ", which the pod does not have");
      }
    }
    for (ScriptPod.InitContainer container : after.initContainers()) {
      if (container.privileged() && !before.initContainers().contains(container)) {
        problems.add("adds privileged init container " + container.name());
      }
      container.mounts().stream()
          .filter(m -> !volumes.contains(m.volume()))
          .forEach(
              m ->
                  problems.add(
                      "init container "
                          + container.name()
                          + " mounts volume "
                          + m.volume()
                          + ", which the pod does not have"));
    }
    return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
  }

  private static void kept(
      String what, Map<String, String> before, Map<String, String> after, List<String> problems) {
    before.forEach(
        (name, value) -> {
          if (!value.equals(after.get(name))) {
            problems.add(
                (after.containsKey(name) ? "changes " : "removes ")
                    + "the agent's "
                    + what
                    + " "
                    + name);
          }
        });
  }

  private static <T> void kept(String what, List<T> before, List<T> after, List<String> problems) {
    for (T item : before) {
      if (!after.contains(item)) {
        problems.add("removes or changes the agent's " + what + " " + item);
      }
    }
  }
}
