package dev.k8sagent.plugins.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The parts of a script pod a {@link ScriptPodCustomizer} may see and add to, as plain values. The
 * maps keep their order; the {@code with…} methods return a new pod and leave this one as it was.
 *
 * @param labels the pod's labels
 * @param annotations the pod's annotations
 * @param environment the script container's environment variables
 * @param volumes the pod's volumes; one of them is the shared work volume
 * @param mounts the script container's volume mounts
 * @param initContainers containers that run, in order, before the script
 * @param security the script container's security settings, as the user's own settings make them
 *     (the restricted profile unless they run script pods as root)
 */
public record ScriptPod(
    Map<String, String> labels,
    Map<String, String> annotations,
    Map<String, String> environment,
    List<Volume> volumes,
    List<Mount> mounts,
    List<InitContainer> initContainers,
    Security security) {
  public ScriptPod {
    labels = ordered(labels);
    annotations = ordered(annotations);
    environment = ordered(environment);
    volumes = List.copyOf(volumes);
    mounts = List.copyOf(mounts);
    initContainers = List.copyOf(initContainers);
    Objects.requireNonNull(security, "security");
  }

  /** This pod with label {@code name=value} added. */
  public ScriptPod withLabel(String name, String value) {
    return new ScriptPod(
        put(labels, name, value),
        annotations,
        environment,
        volumes,
        mounts,
        initContainers,
        security);
  }

  /** This pod with annotation {@code name=value} added. */
  public ScriptPod withAnnotation(String name, String value) {
    return new ScriptPod(
        labels,
        put(annotations, name, value),
        environment,
        volumes,
        mounts,
        initContainers,
        security);
  }

  /** This pod with the script's environment variable {@code name=value} added. */
  public ScriptPod withEnvironment(String name, String value) {
    return new ScriptPod(
        labels,
        annotations,
        put(environment, name, value),
        volumes,
        mounts,
        initContainers,
        security);
  }

  /** This pod with {@code volume} added, mounted in the script container at {@code mount}. */
  public ScriptPod withVolume(Volume volume, Mount mount) {
    return new ScriptPod(
        labels,
        annotations,
        environment,
        add(volumes, volume),
        add(mounts, mount),
        initContainers,
        security);
  }

  /** This pod with {@code container} run before the script, after those already there. */
  public ScriptPod withInitContainer(InitContainer container) {
    return new ScriptPod(
        labels,
        annotations,
        environment,
        volumes,
        mounts,
        add(initContainers, container),
        security);
  }

  /**
   * This pod with other security settings: always refused. The script pod's security is the user's
   * own to choose (the chart's script pod security context); a customizer sees it, as {@link
   * #security()}, but cannot change it.
   */
  public ScriptPod withSecurity(Security newSecurity) {
    return new ScriptPod(
        labels, annotations, environment, volumes, mounts, initContainers, newSecurity);
  }

  /**
   * A volume of the pod.
   *
   * @param name the volume's name, unique in the pod
   * @param kind where its content comes from
   * @param source the secret's or config map's name; empty for {@link Kind#EMPTY_DIR}
   */
  public record Volume(String name, Kind kind, String source) {
    public Volume {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(source, "source");
    }

    /** Where a volume's content comes from. */
    public enum Kind {
      /** An empty folder that lives as long as the pod. */
      EMPTY_DIR,
      /** The keys of a secret in the agent's namespace, as files. */
      SECRET,
      /** The keys of a config map in the agent's namespace, as files. */
      CONFIG_MAP,
      /** A volume the plugin cannot add: the agent's shared work volume, for instance. */
      AGENT_OWNED
    }
  }

  /**
   * A volume mounted in the script container.
   *
   * @param volume the {@link Volume#name()} mounted
   * @param path the absolute path it appears at
   * @param readOnly whether the script may only read it
   */
  public record Mount(String volume, String path, boolean readOnly) {
    public Mount {
      Objects.requireNonNull(volume, "volume");
      Objects.requireNonNull(path, "path");
    }
  }

  /**
   * A container that runs to completion before the script starts.
   *
   * @param name its name, unique in the pod
   * @param image its image reference
   * @param command the command and its arguments
   * @param environment its environment variables
   * @param mounts volumes it mounts (volumes of the pod)
   * @param privileged whether it asks to be privileged: always refused
   */
  public record InitContainer(
      String name,
      String image,
      List<String> command,
      Map<String, String> environment,
      List<Mount> mounts,
      boolean privileged) {
    public InitContainer {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(image, "image");
      command = List.copyOf(command);
      environment = ordered(environment);
      mounts = List.copyOf(mounts);
    }
  }

  /**
   * The script container's security settings.
   *
   * @param privileged whether the container runs privileged
   * @param runAsNonRoot whether it must run as a user other than root
   * @param allowPrivilegeEscalation whether a process may gain more privileges than its parent
   */
  public record Security(
      boolean privileged, boolean runAsNonRoot, boolean allowPrivilegeEscalation) {
    /** The agent's defaults: Kubernetes' restricted profile. */
    public static final Security RESTRICTED = new Security(false, true, false);
  }

  private static Map<String, String> ordered(Map<String, String> map) {
    Map<String, String> copy = new LinkedHashMap<>();
    map.forEach(
        (k, v) -> copy.put(Objects.requireNonNull(k, "name"), Objects.requireNonNull(v, k)));
    return java.util.Collections.unmodifiableMap(copy);
  }

  private static Map<String, String> put(Map<String, String> map, String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(map);
    copy.put(name, value);
    return copy;
  }

  private static <T> List<T> add(List<T> list, T item) {
    List<T> copy = new ArrayList<>(list);
    copy.add(Objects.requireNonNull(item));
    return copy;
  }
}
