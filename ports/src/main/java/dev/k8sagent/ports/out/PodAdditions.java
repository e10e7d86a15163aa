package dev.k8sagent.ports.out;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What plugins add to a task's pod beyond what the agent puts there, as plain values: labels,
 * annotations, the script's environment variables, volumes, their mounts in the script container,
 * init containers, and how the script's image is pulled. The core has checked them against the
 * pod's {@link PodShape} (nothing the agent put there is replaced, nothing is privileged); the
 * adapter applies them as they are, its own settings winning on any clash.
 *
 * @param labels added to the pod's labels
 * @param annotations added to the pod's annotations
 * @param environment added to the script container's environment
 * @param volumes added to the pod's volumes
 * @param mounts added to the script container's volume mounts
 * @param initContainers run in order before the script
 * @param pullPolicy how the script's image is pulled, when the image's source said so
 * @param pullSecretNames pull secrets (in the agent's namespace) for the script's image
 */
public record PodAdditions(
    Map<String, String> labels,
    Map<String, String> annotations,
    Map<String, String> environment,
    List<Volume> volumes,
    List<Mount> mounts,
    List<InitContainer> initContainers,
    Optional<PullPolicy> pullPolicy,
    List<String> pullSecretNames) {

  /** Nothing added. */
  public static final PodAdditions NONE =
      new PodAdditions(
          Map.of(),
          Map.of(),
          Map.of(),
          List.of(),
          List.of(),
          List.of(),
          Optional.empty(),
          List.of());

  public PodAdditions {
    labels = ordered(labels);
    annotations = ordered(annotations);
    environment = ordered(environment);
    volumes = List.copyOf(volumes);
    mounts = List.copyOf(mounts);
    initContainers = List.copyOf(initContainers);
    Objects.requireNonNull(pullPolicy, "pullPolicy");
    pullSecretNames = List.copyOf(pullSecretNames);
  }

  /** Only how the script's image is pulled. */
  public static PodAdditions pulling(Optional<PullPolicy> policy, List<String> secretNames) {
    return new PodAdditions(
        Map.of(), Map.of(), Map.of(), List.of(), List.of(), List.of(), policy, secretNames);
  }

  /** These additions followed by {@code more}; {@code more}'s pull policy when it has one. */
  public PodAdditions and(PodAdditions more) {
    return new PodAdditions(
        merged(labels, more.labels),
        merged(annotations, more.annotations),
        merged(environment, more.environment),
        joined(volumes, more.volumes),
        joined(mounts, more.mounts),
        joined(initContainers, more.initContainers),
        more.pullPolicy.or(() -> pullPolicy),
        joined(pullSecretNames, more.pullSecretNames));
  }

  /** Whether nothing is added. */
  public boolean isEmpty() {
    return equals(NONE);
  }

  /**
   * A volume of the pod.
   *
   * @param name unique in the pod
   * @param kind where its content comes from
   * @param source the secret's or config map's name; empty for the other kinds
   */
  public record Volume(String name, Kind kind, String source) {
    public Volume {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(source, "source");
    }

    /** Where a volume's content comes from. */
    public enum Kind {
      /** One of the agent's own, such as the shared work volume: never an addition. */
      AGENT_OWNED,
      EMPTY_DIR,
      SECRET,
      CONFIG_MAP
    }
  }

  /** Volume {@code volume} mounted at the absolute {@code path}. */
  public record Mount(String volume, String path, boolean readOnly) {
    public Mount {
      Objects.requireNonNull(volume, "volume");
      Objects.requireNonNull(path, "path");
    }
  }

  /** A container that runs to completion before the script, never privileged. */
  public record InitContainer(
      String name,
      String image,
      List<String> command,
      Map<String, String> environment,
      List<Mount> mounts) {
    public InitContainer {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(image, "image");
      command = List.copyOf(command);
      environment = ordered(environment);
      mounts = List.copyOf(mounts);
    }
  }

  /** When the node pulls an image, spelled as Kubernetes spells it. */
  public enum PullPolicy {
    ALWAYS("Always"),
    IF_NOT_PRESENT("IfNotPresent"),
    NEVER("Never");

    private final String kubernetesName;

    PullPolicy(String kubernetesName) {
      this.kubernetesName = kubernetesName;
    }

    /** {@code Always}, {@code IfNotPresent} or {@code Never}. */
    public String kubernetesName() {
      return kubernetesName;
    }
  }

  static Map<String, String> ordered(Map<String, String> map) {
    Map<String, String> copy = new LinkedHashMap<>();
    map.forEach(
        (k, v) -> copy.put(Objects.requireNonNull(k, "name"), Objects.requireNonNull(v, k)));
    return Collections.unmodifiableMap(copy);
  }

  private static Map<String, String> merged(Map<String, String> first, Map<String, String> then) {
    Map<String, String> copy = new LinkedHashMap<>(first);
    copy.putAll(then);
    return copy;
  }

  private static <T> List<T> joined(List<T> first, List<T> then) {
    List<T> copy = new ArrayList<>(first);
    then.stream().filter(item -> !copy.contains(item)).forEach(copy::add);
    return copy;
  }
}
