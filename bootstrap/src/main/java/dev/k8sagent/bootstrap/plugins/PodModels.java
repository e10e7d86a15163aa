package dev.k8sagent.bootstrap.plugins;

import dev.k8sagent.plugins.api.ScriptPod;
import dev.k8sagent.ports.out.PodAdditions;
import dev.k8sagent.ports.out.PodShape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Between the core's pod values and the plugin API's {@link ScriptPod}: the pod a customizer is
 * shown, and what its answer adds. The answer has passed {@link PodCheck}, so everything the agent
 * put there is still in it and only additions remain.
 */
final class PodModels {
  private PodModels() {}

  /** The pod a customizer is shown. */
  static ScriptPod podOf(PodShape shape) {
    return new ScriptPod(
        shape.labels(),
        shape.annotations(),
        shape.environment(),
        shape.volumes().stream().map(PodModels::volume).toList(),
        shape.mounts().stream().map(PodModels::mount).toList(),
        List.of(),
        new ScriptPod.Security(
            shape.security().privileged(),
            shape.security().runAsNonRoot(),
            shape.security().allowPrivilegeEscalation()));
  }

  /** What {@code after} adds to {@code before}. */
  static PodAdditions additions(ScriptPod before, ScriptPod after) {
    return new PodAdditions(
        added(before.labels(), after.labels()),
        added(before.annotations(), after.annotations()),
        added(before.environment(), after.environment()),
        after.volumes().stream()
            .filter(v -> !before.volumes().contains(v))
            .map(PodModels::volume)
            .toList(),
        after.mounts().stream()
            .filter(m -> !before.mounts().contains(m))
            .map(PodModels::mount)
            .toList(),
        after.initContainers().stream()
            .filter(c -> !before.initContainers().contains(c))
            .map(
                c ->
                    new PodAdditions.InitContainer(
                        c.name(),
                        c.image(),
                        c.command(),
                        c.environment(),
                        c.mounts().stream().map(PodModels::mount).toList()))
            .toList(),
        Optional.empty(),
        List.of());
  }

  private static Map<String, String> added(Map<String, String> before, Map<String, String> after) {
    Map<String, String> added = new LinkedHashMap<>(after);
    before.keySet().forEach(added::remove);
    return added;
  }

  private static ScriptPod.Volume volume(PodAdditions.Volume volume) {
    return new ScriptPod.Volume(
        volume.name(), ScriptPod.Volume.Kind.valueOf(volume.kind().name()), volume.source());
  }

  private static PodAdditions.Volume volume(ScriptPod.Volume volume) {
    return new PodAdditions.Volume(
        volume.name(), PodAdditions.Volume.Kind.valueOf(volume.kind().name()), volume.source());
  }

  private static ScriptPod.Mount mount(PodAdditions.Mount mount) {
    return new ScriptPod.Mount(mount.volume(), mount.path(), mount.readOnly());
  }

  private static PodAdditions.Mount mount(ScriptPod.Mount mount) {
    return new PodAdditions.Mount(mount.volume(), mount.path(), mount.readOnly());
  }
}
