package dev.k8sagent.adapters.k8s.pods;

import dev.k8sagent.ports.out.PodAdditions;
import dev.k8sagent.ports.out.PodLaunch;
import dev.k8sagent.ports.out.PodShape;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Affinity;
import io.kubernetes.client.openapi.models.V1Capabilities;
import io.kubernetes.client.openapi.models.V1ConfigMapVolumeSource;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EmptyDirVolumeSource;
import io.kubernetes.client.openapi.models.V1EnvFromSource;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1LabelSelectorRequirement;
import io.kubernetes.client.openapi.models.V1LocalObjectReference;
import io.kubernetes.client.openapi.models.V1NodeAffinity;
import io.kubernetes.client.openapi.models.V1NodeSelector;
import io.kubernetes.client.openapi.models.V1NodeSelectorRequirement;
import io.kubernetes.client.openapi.models.V1NodeSelectorTerm;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaimVolumeSource;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodAffinity;
import io.kubernetes.client.openapi.models.V1PodAffinityTerm;
import io.kubernetes.client.openapi.models.V1PodSecurityContext;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1ResourceRequirements;
import io.kubernetes.client.openapi.models.V1SeccompProfile;
import io.kubernetes.client.openapi.models.V1SecretEnvSource;
import io.kubernetes.client.openapi.models.V1SecretVolumeSource;
import io.kubernetes.client.openapi.models.V1SecurityContext;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds the pod for a task. It satisfies the {@code restricted} Pod Security Standard by default:
 * non-root (uid/gid 999, the tools image's {@code octopus} user), no privilege escalation, every
 * capability dropped, seccomp {@code RuntimeDefault}. A user's {@code PODSECURITYCONTEXTJSON}
 * replaces the pod-level part; the container-level hardening stays unless that context runs as
 * root. The script runs as {@code sh <runner> <arguments…>}, each argument passed as it is, so no
 * quoting can mangle it. With a ReadWriteOnce shared volume every pod is pinned to the agent's
 * node.
 *
 * <p>The launch's {@link PodAdditions} (from plugins, checked by the core against {@link #shapeOf})
 * are applied on top: labels, annotations and variables the agent sets itself are never replaced, a
 * volume or init container named like one already there is left out, added volumes are empty
 * folders, secrets or config maps, and every init container gets the script container's hardening.
 * The offered image's pull policy replaces {@code SCRIPTPODPULLPOLICY}, and its pull secrets come
 * after the feed's and before the configured ones.
 */
public final class ScriptPodSpecs {
  public static final String HOME_VOLUME = "tentacle-home";
  public static final long DEFAULT_USER = 999;

  /** The labels by which a script pod finds the agent pod's node (the chart sets them). */
  public static final String AGENT_INSTANCE_LABEL = "app.kubernetes.io/instance";

  public static final String AGENT_COMPONENT_LABEL = "agent.octopus.com/component";
  public static final String AGENT_COMPONENT = "tentacle";
  static final String HOSTNAME_TOPOLOGY = "kubernetes.io/hostname";

  private ScriptPodSpecs() {}

  /**
   * The pod for {@code launch}. {@code feedSecret} is the pull secret made from the step's feed
   * credentials, tried before the configured ones.
   */
  public static V1Pod build(
      PodLaunch launch, ScriptPodSettings settings, Optional<String> feedSecret) {
    String name = PodNames.pod(launch.ticket());
    PodAdditions additions = launch.additions();
    Map<String, String> labels = labels(launch, settings);
    additions.labels().forEach(labels::putIfAbsent);
    Map<String, String> annotations = annotations(launch, settings);
    additions.annotations().forEach(annotations::putIfAbsent);

    V1PodSecurityContext podSecurity =
        settings.securityContext().orElseGet(ScriptPodSpecs::restricted);
    List<V1VolumeMount> mounts = new ArrayList<>();
    mounts.add(homeMount(settings));
    V1Container container =
        new V1Container()
            .name(name)
            .image(launch.image().reference())
            .imagePullPolicy(
                additions
                    .pullPolicy()
                    .map(PodAdditions.PullPolicy::kubernetesName)
                    .or(settings::imagePullPolicy)
                    .orElse(null))
            .command(List.of("sh"))
            .args(arguments(launch))
            .workingDir(launch.workspaceDirectory())
            .env(environment(launch, settings))
            .envFrom(
                settings
                    .proxiesSecretName()
                    .map(
                        secret ->
                            List.of(
                                new V1EnvFromSource()
                                    .secretRef(new V1SecretEnvSource().name(secret))))
                    .orElse(null))
            .resources(settings.resources().orElseGet(ScriptPodSpecs::defaultResources))
            .volumeMounts(mounts);
    boolean hardened = !runsAsRoot(podSecurity);
    if (hardened) {
      container.securityContext(hardening());
    }
    List<V1Volume> volumes = new ArrayList<>();
    volumes.add(
        new V1Volume()
            .name(HOME_VOLUME)
            .persistentVolumeClaim(
                new V1PersistentVolumeClaimVolumeSource().claimName(settings.volumeClaimName())));
    addVolumes(additions, volumes, mounts);

    List<String> secretNames = new ArrayList<>();
    feedSecret.ifPresent(secretNames::add);
    secretNames.addAll(additions.pullSecretNames());
    secretNames.addAll(settings.imagePullSecretNames());
    List<V1LocalObjectReference> pullSecrets =
        secretNames.stream().distinct().map(n -> new V1LocalObjectReference().name(n)).toList();

    V1PodSpec spec =
        new V1PodSpec()
            .restartPolicy("Never")
            .serviceAccountName(
                settings.serviceAccountFor(launch.serviceAccountName()).orElse(null))
            .securityContext(podSecurity)
            .affinity(affinity(settings))
            .tolerations(settings.tolerations().isEmpty() ? null : settings.tolerations())
            .imagePullSecrets(pullSecrets.isEmpty() ? null : pullSecrets)
            .initContainers(initContainers(additions, volumes, hardened))
            .containers(List.of(container))
            .volumes(volumes);
    return new V1Pod()
        .apiVersion("v1")
        .kind("Pod")
        .metadata(
            new V1ObjectMeta()
                .name(name)
                .namespace(settings.namespace())
                .labels(labels)
                .annotations(annotations))
        .spec(spec);
  }

  /**
   * What {@link #build} puts in the pod for {@code launch} before its additions, as the plain
   * values pod customizers see.
   */
  public static PodShape shapeOf(PodLaunch launch, ScriptPodSettings settings) {
    V1PodSecurityContext podSecurity =
        settings.securityContext().orElseGet(ScriptPodSpecs::restricted);
    boolean root = runsAsRoot(podSecurity);
    return new PodShape(
        labels(launch, settings),
        annotations(launch, settings),
        agentEnvironment(launch, settings),
        List.of(new PodAdditions.Volume(HOME_VOLUME, PodAdditions.Volume.Kind.AGENT_OWNED, "")),
        List.of(new PodAdditions.Mount(HOME_VOLUME, settings.homeDirectory(), false)),
        new PodShape.Security(false, !root, root));
  }

  private static Map<String, String> labels(PodLaunch launch, ScriptPodSettings settings) {
    Map<String, String> labels = new LinkedHashMap<>(settings.labels());
    labels.put(PodNames.TICKET_LABEL, PodNames.ticketLabel(launch.ticket()));
    labels.putAll(PodNames.ownerLabels(settings.releaseName()));
    return labels;
  }

  private static Map<String, String> annotations(PodLaunch launch, ScriptPodSettings settings) {
    Map<String, String> annotations = new LinkedHashMap<>(settings.annotations());
    annotations.put(PodNames.TICKET_ANNOTATION, launch.ticket().taskId());
    return annotations;
  }

  private static V1VolumeMount homeMount(ScriptPodSettings settings) {
    return new V1VolumeMount().name(HOME_VOLUME).mountPath(settings.homeDirectory());
  }

  private static V1SecurityContext hardening() {
    return new V1SecurityContext()
        .allowPrivilegeEscalation(false)
        .capabilities(new V1Capabilities().drop(List.of("ALL")));
  }

  /** The added volumes not named like one already there, and their mounts in the script's. */
  private static void addVolumes(
      PodAdditions additions, List<V1Volume> volumes, List<V1VolumeMount> mounts) {
    for (PodAdditions.Volume added : additions.volumes()) {
      if (volumes.stream().anyMatch(v -> v.getName().equals(added.name()))) {
        continue;
      }
      V1Volume volume = new V1Volume().name(added.name());
      switch (added.kind()) {
        case EMPTY_DIR -> volume.emptyDir(new V1EmptyDirVolumeSource());
        case SECRET -> volume.secret(new V1SecretVolumeSource().secretName(added.source()));
        case CONFIG_MAP -> volume.configMap(new V1ConfigMapVolumeSource().name(added.source()));
        case AGENT_OWNED -> {
          continue; // only the agent makes these; the core refuses such an addition
        }
      }
      volumes.add(volume);
    }
    additions.mounts().stream().map(ScriptPodSpecs::mount).forEach(mounts::add);
  }

  private static V1VolumeMount mount(PodAdditions.Mount mount) {
    return new V1VolumeMount()
        .name(mount.volume())
        .mountPath(mount.path())
        .readOnly(mount.readOnly() ? Boolean.TRUE : null);
  }

  private static List<V1Container> initContainers(
      PodAdditions additions, List<V1Volume> volumes, boolean hardened) {
    if (additions.initContainers().isEmpty()) {
      return null;
    }
    return additions.initContainers().stream()
        .map(
            init ->
                new V1Container()
                    .name(init.name())
                    .image(init.image())
                    .command(init.command().isEmpty() ? null : init.command())
                    .env(
                        init.environment().entrySet().stream()
                            .map(e -> new V1EnvVar().name(e.getKey()).value(e.getValue()))
                            .toList())
                    .volumeMounts(init.mounts().stream().map(ScriptPodSpecs::mount).toList())
                    .securityContext(
                        hardened ? hardening() : new V1SecurityContext().privileged(false)))
        .toList();
  }

  private static List<String> arguments(PodLaunch launch) {
    List<String> arguments = new ArrayList<>();
    arguments.add(launch.runner());
    arguments.addAll(launch.runnerArguments());
    return arguments;
  }

  /** The script's variables: the launch's additions, then the agent's own, which win. */
  private static List<V1EnvVar> environment(PodLaunch launch, ScriptPodSettings settings) {
    Map<String, String> env = new TreeMap<>(launch.additions().environment());
    env.putAll(agentEnvironment(launch, settings));
    return env.entrySet().stream()
        .map(e -> new V1EnvVar().name(e.getKey()).value(e.getValue()))
        .toList();
  }

  private static Map<String, String> agentEnvironment(
      PodLaunch launch, ScriptPodSettings settings) {
    Map<String, String> env = new TreeMap<>(launch.environment());
    env.put("TentacleHome", settings.homeDirectory());
    env.put(ScriptPodSettings.PREFIX + "NAMESPACE", settings.namespace());
    env.put(ScriptPodSettings.PREFIX + "HELMRELEASENAME", settings.releaseName());
    settings
        .chartVersion()
        .ifPresent(version -> env.put(ScriptPodSettings.PREFIX + "HELMCHARTVERSION", version));
    env.put(
        ScriptPodSettings.PREFIX + "KUBERNETESMONITORENABLED",
        Boolean.toString(settings.kubernetesMonitorEnabled()));
    env.put("OCTOPUS_RUNNING_IN_CONTAINER", "Y");
    return env;
  }

  static V1PodSecurityContext restricted() {
    return new V1PodSecurityContext()
        .runAsNonRoot(true)
        .runAsUser(DEFAULT_USER)
        .runAsGroup(DEFAULT_USER)
        .fsGroup(DEFAULT_USER)
        .seccompProfile(new V1SeccompProfile().type("RuntimeDefault"));
  }

  private static boolean runsAsRoot(V1PodSecurityContext context) {
    return Boolean.FALSE.equals(context.getRunAsNonRoot())
        || Long.valueOf(0).equals(context.getRunAsUser());
  }

  private static V1ResourceRequirements defaultResources() {
    return new V1ResourceRequirements()
        .requests(
            Map.of("cpu", Quantity.fromString("25m"), "memory", Quantity.fromString("100Mi")));
  }

  /**
   * The user's affinity, else Linux nodes of a supported architecture; with a ReadWriteOnce volume
   * also a required term that puts the pod on the agent's node (the only node that can mount the
   * volume), added to the user's own pod affinity terms. The settings' affinity is never changed.
   */
  static V1Affinity affinity(ScriptPodSettings settings) {
    V1Affinity base = settings.affinity().orElseGet(ScriptPodSpecs::linuxNodes);
    if (!settings.readWriteOnceVolume()) {
      return base;
    }
    V1PodAffinity users = base.getPodAffinity();
    List<V1PodAffinityTerm> required = new ArrayList<>();
    if (users != null && users.getRequiredDuringSchedulingIgnoredDuringExecution() != null) {
      required.addAll(users.getRequiredDuringSchedulingIgnoredDuringExecution());
    }
    required.add(onTheAgentsNode(settings.releaseName()));
    return new V1Affinity()
        .nodeAffinity(base.getNodeAffinity())
        .podAntiAffinity(base.getPodAntiAffinity())
        .podAffinity(
            new V1PodAffinity()
                .preferredDuringSchedulingIgnoredDuringExecution(
                    users == null
                        ? null
                        : users.getPreferredDuringSchedulingIgnoredDuringExecution())
                .requiredDuringSchedulingIgnoredDuringExecution(required));
  }

  /** The node of the agent pod, which the chart labels with its release and component. */
  private static V1PodAffinityTerm onTheAgentsNode(String releaseName) {
    return new V1PodAffinityTerm()
        .topologyKey(HOSTNAME_TOPOLOGY)
        .labelSelector(
            new V1LabelSelector()
                .matchExpressions(
                    List.of(
                        new V1LabelSelectorRequirement()
                            .key(AGENT_INSTANCE_LABEL)
                            .operator("In")
                            .values(List.of(releaseName)),
                        new V1LabelSelectorRequirement()
                            .key(AGENT_COMPONENT_LABEL)
                            .operator("In")
                            .values(List.of(AGENT_COMPONENT)))));
  }

  private static V1Affinity linuxNodes() {
    return new V1Affinity()
        .nodeAffinity(
            new V1NodeAffinity()
                .requiredDuringSchedulingIgnoredDuringExecution(
                    new V1NodeSelector()
                        .nodeSelectorTerms(
                            List.of(
                                new V1NodeSelectorTerm()
                                    .matchExpressions(
                                        List.of(
                                            new V1NodeSelectorRequirement()
                                                .key("kubernetes.io/os")
                                                .operator("In")
                                                .values(List.of("linux")),
                                            new V1NodeSelectorRequirement()
                                                .key("kubernetes.io/arch")
                                                .operator("In")
                                                .values(List.of("arm64", "amd64"))))))));
  }
}
