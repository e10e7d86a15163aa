package dev.k8sagent.bootstrap.plugins;

import dev.k8sagent.plugins.api.ScriptPod;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one check of a customizer's answer: it only adds to the pod it was given. Nothing the agent
 * put there is removed or changed (the shared work volume above all); the security settings stay as
 * the user's own settings made them; an added init container is never privileged; every added mount
 * names a volume of the pod, at an absolute path of its own outside the agent's mounts; and added
 * names are ones Kubernetes accepts, so a plugin cannot make the pod fail to be created.
 */
final class PodCheck {
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,254}");

  private PodCheck() {}

  /** What is wrong with {@code after}, or empty when it may be used. */
  static Optional<String> problemWith(ScriptPod before, ScriptPod after) {
    List<String> problems = new ArrayList<>();
    kept("label", before.labels(), after.labels(), problems);
    kept("annotation", before.annotations(), after.annotations(), problems);
    kept("environment variable", before.environment(), after.environment(), problems);
    kept("volume", before.volumes(), after.volumes(), problems);
    kept("volume mount", before.mounts(), after.mounts(), problems);
    kept("init container", before.initContainers(), after.initContainers(), problems);
    if (!after.security().equals(before.security())) {
      problems.add(
          "changes the security settings from "
              + before.security()
              + " to "
              + after.security()
              + " (only the user's own script pod settings decide them)");
    }
    addedNames(before, after, problems);
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

  /** Names and paths the customizer added that Kubernetes would refuse or that hide the agent's. */
  private static void addedNames(ScriptPod before, ScriptPod after, List<String> problems) {
    after.environment().keySet().stream()
        .filter(name -> !before.environment().containsKey(name))
        .filter(name -> !VARIABLE.matcher(name).matches())
        .forEach(name -> problems.add("adds variable " + quoted(name) + ", not a valid name"));
    for (ScriptPod.Volume volume : after.volumes()) {
      if (before.volumes().contains(volume)) {
        continue;
      }
      if (!DNS_LABEL.matcher(volume.name()).matches()) {
        problems.add("adds volume " + quoted(volume.name()) + ", not a DNS label (a-z, 0-9, '-')");
      }
      if (volume.kind() != ScriptPod.Volume.Kind.EMPTY_DIR && volume.source().isBlank()) {
        problems.add("adds volume " + volume.name() + " without naming its " + volume.kind());
      }
    }
    Set<String> paths = new HashSet<>();
    for (ScriptPod.Mount mount : after.mounts()) {
      if (!paths.add(mount.path())) {
        problems.add("mounts two volumes at " + quoted(mount.path()));
      }
      if (before.mounts().contains(mount)) {
        continue;
      }
      if (!mount.path().startsWith("/") || mount.path().contains("..")) {
        problems.add("mounts at " + quoted(mount.path()) + ", not an absolute path");
      }
      before.mounts().stream()
          .filter(own -> (mount.path() + "/").startsWith(own.path() + "/"))
          .forEach(
              own ->
                  problems.add(
                      "mounts volume "
                          + mount.volume()
                          + " at "
                          + quoted(mount.path())
                          + ", over the agent's "
                          + own.volume()
                          + " at "
                          + own.path()));
    }
    Set<String> containers = new HashSet<>();
    for (ScriptPod.InitContainer container : after.initContainers()) {
      if (!containers.add(container.name())) {
        problems.add("names two init containers " + quoted(container.name()));
      }
      if (!before.initContainers().contains(container)
          && !DNS_LABEL.matcher(container.name()).matches()) {
        problems.add("adds init container " + quoted(container.name()) + ", not a DNS label");
      }
      if (container.image().isBlank()
          || container.image().chars().anyMatch(Character::isWhitespace)) {
        problems.add("adds init container " + container.name() + " without a valid image");
      }
    }
  }

  /** {@code text} quoted and cut short: it comes from a plugin. */
  private static String quoted(String text) {
    String shown = text.length() > 80 ? text.substring(0, 80) + "…" : text;
    return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
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
