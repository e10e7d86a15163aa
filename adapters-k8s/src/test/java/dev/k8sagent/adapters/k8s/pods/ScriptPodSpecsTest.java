package dev.k8sagent.adapters.k8s.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k8sagent.domain.image.ContainerImage;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.ports.out.PodAdditions;
import dev.k8sagent.ports.out.PodLaunch;
import dev.k8sagent.ports.out.PodShape;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Affinity;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1LocalObjectReference;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodAffinityTerm;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScriptPodSpecsTest {
  private static final ScriptTicket TICKET = new ScriptTicket("TaskTicket-0123abcd");

  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put("OCTOPUS__K8STENTACLE__NAMESPACE", "octopus-agent-prod");
    env.put("OCTOPUS__K8STENTACLE__PODVOLUMECLAIMNAME", "prod-pvc");
    env.put("OCTOPUS__K8STENTACLE__HELMRELEASENAME", "prod");
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  private static PodLaunch launch(Optional<String> serviceAccount) {
    return new PodLaunch(
        TICKET,
        ContainerImage.parse("octopusdeploy/kubernetes-agent-tools-base:1.31"),
        "/octopus/Work/taskticket-0123abcd",
        "/octopus/Work/taskticket-0123abcd/k8s-agent-runner.sh",
        List.of("/octopus/Work/taskticket-0123abcd", "bash", "Bootstrap.sh", "say \"hi\" $HOME"),
        serviceAccount,
        Optional.empty(),
        Map.of("TentacleVersion", "1.0.0"));
  }

  @Test
  void the_servers_upgrader_account_becomes_the_releases_own_and_other_names_pass_through() {
    ScriptPodSettings settings =
        ScriptPodSettings.fromEnvironment(
            "/octopus",
            env(
                "OCTOPUS__K8STENTACLE__PODSERVICEACCOUNTNAME", "prod-scripts",
                "OCTOPUS__K8STENTACLE__UPGRADERSERVICEACCOUNTNAME", "prod-k8s-agent-upgrader"));

    assertThat(serviceAccountOf(settings, Optional.of("octopus-agent-auto-upgrader")))
        .isEqualTo("prod-k8s-agent-upgrader");
    assertThat(serviceAccountOf(settings, Optional.of("deployer"))).isEqualTo("deployer");
    assertThat(serviceAccountOf(settings, Optional.empty())).isEqualTo("prod-scripts");
  }

  @Test
  void without_an_upgrader_account_setting_the_servers_name_is_kept() {
    ScriptPodSettings settings = ScriptPodSettings.fromEnvironment("/octopus", env());

    assertThat(serviceAccountOf(settings, Optional.of("octopus-agent-auto-upgrader")))
        .isEqualTo("octopus-agent-auto-upgrader");
  }

  private static String serviceAccountOf(ScriptPodSettings settings, Optional<String> requested) {
    return ScriptPodSpecs.build(launch(requested), settings, Optional.empty())
        .getSpec()
        .getServiceAccountName();
  }

  @Test
  void the_release_name_is_required_since_pods_and_secrets_are_labelled_with_it() {
    Map<String, String> env = env();
    env.remove("OCTOPUS__K8STENTACLE__HELMRELEASENAME");

    assertThatThrownBy(() -> ScriptPodSettings.fromEnvironment("/octopus", env))
        .isInstanceOfSatisfying(
            ScriptPodSettings.InvalidSettingsException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .satisfies(
                        p -> assertThat(p).startsWith("OCTOPUS__K8STENTACLE__HELMRELEASENAME")));
  }

  @Test
  void the_home_the_configuration_gives_is_where_script_pods_mount_the_volume() {
    ScriptPodSettings settings = ScriptPodSettings.fromEnvironment("/data/agent", env());

    assertThat(
            ScriptPodSpecs.build(launch(Optional.empty()), settings, Optional.empty())
                .getSpec()
                .getContainers()
                .get(0)
                .getVolumeMounts()
                .get(0)
                .getMountPath())
        .isEqualTo("/data/agent");
  }

  @Test
  void the_default_pod_is_complete_and_restricted() {
    ScriptPodSettings settings = ScriptPodSettings.fromEnvironment("/octopus", env());
    V1Pod pod = ScriptPodSpecs.build(launch(Optional.empty()), settings, Optional.empty());

    assertThat(pod.getMetadata().getName()).isEqualTo("octopus-script-taskticket-0123abcd");
    assertThat(pod.getMetadata().getNamespace()).isEqualTo("octopus-agent-prod");
    assertThat(pod.getMetadata().getLabels())
        .containsEntry("octopus.com/scriptTicketId", "taskticket-0123abcd")
        .containsEntry("agent.octopus.com/release", "prod")
        .containsEntry("app.kubernetes.io/managed-by", "k8s-agent");
    assertThat(pod.getMetadata().getAnnotations())
        .containsEntry("agent.k8sagent.dev/script-ticket", "TaskTicket-0123abcd");
    assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getSpec().getServiceAccountName()).isNull();
    assertThat(pod.getSpec().getImagePullSecrets()).isNull();
    assertThat(pod.getSpec().getVolumes())
        .singleElement()
        .satisfies(
            volume -> {
              assertThat(volume.getName()).isEqualTo("tentacle-home");
              assertThat(volume.getPersistentVolumeClaim().getClaimName()).isEqualTo("prod-pvc");
            });
    assertThat(requiredNodeExpressions(pod.getSpec().getAffinity()))
        .containsExactly("kubernetes.io/os=[linux]", "kubernetes.io/arch=[arm64, amd64]");

    var podSecurity = pod.getSpec().getSecurityContext();
    assertThat(podSecurity.getRunAsNonRoot()).isTrue();
    assertThat(podSecurity.getRunAsUser()).isEqualTo(999L);
    assertThat(podSecurity.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");

    V1Container container = pod.getSpec().getContainers().get(0);
    assertThat(container.getName()).isEqualTo(pod.getMetadata().getName());
    assertThat(container.getImage()).isEqualTo("octopusdeploy/kubernetes-agent-tools-base:1.31");
    assertThat(container.getCommand()).containsExactly("sh");
    assertThat(container.getArgs())
        .containsExactly(
            "/octopus/Work/taskticket-0123abcd/k8s-agent-runner.sh",
            "/octopus/Work/taskticket-0123abcd",
            "bash",
            "Bootstrap.sh",
            "say \"hi\" $HOME");
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getVolumeMounts())
        .singleElement()
        .satisfies(m -> assertThat(m.getMountPath()).isEqualTo("/octopus"));
    assertThat(container.getResources().getRequests())
        .containsEntry("cpu", Quantity.fromString("25m"))
        .containsEntry("memory", Quantity.fromString("100Mi"));
    assertThat(container.getEnv())
        .extracting(V1EnvVar::getName, V1EnvVar::getValue)
        .contains(
            org.assertj.core.groups.Tuple.tuple("TentacleHome", "/octopus"),
            org.assertj.core.groups.Tuple.tuple("TentacleVersion", "1.0.0"),
            org.assertj.core.groups.Tuple.tuple(
                "OCTOPUS__K8STENTACLE__NAMESPACE", "octopus-agent-prod"));
  }

  @Test
  void the_users_json_knobs_service_accounts_and_pull_secrets_are_merged_in() {
    ScriptPodSettings settings =
        ScriptPodSettings.fromEnvironment(
            "/octopus",
            env(
                "OCTOPUS__K8STENTACLE__PODSERVICEACCOUNTNAME", "scripts",
                "OCTOPUS__K8STENTACLE__PODIMAGEPULLSECRETNAMES", "regcred, other ,",
                "OCTOPUS__K8STENTACLE__PODRESOURCEJSON",
                    "{\"requests\":{\"cpu\":\"1\"},\"limits\":{\"memory\":\"1Gi\"}}",
                "OCTOPUS__K8STENTACLE__PODTOLERATIONSJSON",
                    "[{\"key\":\"dedicated\",\"operator\":\"Equal\",\"value\":\"octopus\","
                        + "\"effect\":\"NoSchedule\"}]",
                "OCTOPUS__K8STENTACLE__PODAFFINITYJSON",
                    "{\"nodeAffinity\":{\"preferredDuringSchedulingIgnoredDuringExecution\":"
                        + "[{\"weight\":1,\"preference\":{\"matchExpressions\":[{\"key\":\"pool\","
                        + "\"operator\":\"In\",\"values\":[\"deploy\"]}]}}]}}",
                "OCTOPUS__K8STENTACLE__PODSECURITYCONTEXTJSON", "{\"runAsUser\":0}",
                "OCTOPUS__K8STENTACLE__PODLABELSJSON", "{\"team\":\"platform\"}",
                "OCTOPUS__K8STENTACLE__PODANNOTATIONSJSON", "{\"cost-centre\":\"42\"}"));

    V1Pod pod = ScriptPodSpecs.build(launch(Optional.empty()), settings, Optional.of("feed-1"));
    assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("scripts");
    assertThat(pod.getSpec().getImagePullSecrets())
        .extracting(V1LocalObjectReference::getName)
        .containsExactly("feed-1", "regcred", "other");
    V1Container container = pod.getSpec().getContainers().get(0);
    assertThat(container.getResources().getLimits())
        .containsEntry("memory", Quantity.fromString("1Gi"));
    assertThat(pod.getSpec().getTolerations())
        .singleElement()
        .satisfies(t -> assertThat(t.getKey()).isEqualTo("dedicated"));
    assertThat(
            pod.getSpec()
                .getAffinity()
                .getNodeAffinity()
                .getPreferredDuringSchedulingIgnoredDuringExecution())
        .hasSize(1);
    assertThat(pod.getSpec().getSecurityContext().getRunAsUser()).isEqualTo(0L);
    assertThat(container.getSecurityContext()).as("root keeps its capabilities").isNull();
    assertThat(pod.getMetadata().getLabels()).containsEntry("team", "platform");
    assertThat(pod.getMetadata().getAnnotations()).containsEntry("cost-centre", "42");

    V1Pod withStepAccount =
        ScriptPodSpecs.build(launch(Optional.of("step-sa")), settings, Optional.empty());
    assertThat(withStepAccount.getSpec().getServiceAccountName()).isEqualTo("step-sa");
  }

  @Test
  void every_bad_variable_is_reported_at_once_by_name() {
    Map<String, String> env = new HashMap<>();
    env.put("OCTOPUS__K8STENTACLE__PODRESOURCEJSON", "{\"requests\": ");
    env.put("OCTOPUS__K8STENTACLE__PODLABELSJSON", "[\"not\", \"a\", \"map\"]");
    env.put("OCTOPUS__K8STENTACLE__PODAFFINITYJSON", "{\"nodeAffinty\":{}}");
    env.put("OCTOPUS__K8STENTACLE__DISABLEAUTOPODCLEANUP", "yes");
    env.put("OCTOPUS__K8STENTACLE__ACCESSMODESJSON", "{\"ReadWriteOnce\": true}");
    env.put("OCTOPUS__K8STENTACLE__SCRIPTPODPULLPOLICY", "Sometimes");
    assertThatThrownBy(() -> ScriptPodSettings.fromEnvironment("/octopus", env))
        .isInstanceOfSatisfying(
            ScriptPodSettings.InvalidSettingsException.class,
            e ->
                assertThat(e.problems())
                    .anySatisfy(p -> assertThat(p).startsWith("OCTOPUS__K8STENTACLE__NAMESPACE"))
                    .anySatisfy(
                        p -> assertThat(p).startsWith("OCTOPUS__K8STENTACLE__PODVOLUMECLAIMNAME"))
                    .anySatisfy(
                        p -> assertThat(p).startsWith("OCTOPUS__K8STENTACLE__PODRESOURCEJSON"))
                    .anySatisfy(
                        p -> assertThat(p).startsWith("OCTOPUS__K8STENTACLE__PODLABELSJSON"))
                    .anySatisfy(
                        p -> assertThat(p).startsWith("OCTOPUS__K8STENTACLE__PODAFFINITYJSON"))
                    .anySatisfy(
                        p -> assertThat(p).startsWith("OCTOPUS__K8STENTACLE__ACCESSMODESJSON"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("OCTOPUS__K8STENTACLE__SCRIPTPODPULLPOLICY")
                                .contains("Always, IfNotPresent, Never")
                                .contains("'Sometimes'"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("OCTOPUS__K8STENTACLE__DISABLEAUTOPODCLEANUP")));
  }

  @Test
  void the_charts_pass_through_settings_reach_every_script_pod() {
    V1Pod pod =
        build(
            env(
                "OCTOPUS__K8STENTACLE__HELMCHARTVERSION", "2.14.0",
                "OCTOPUS__K8STENTACLE__KUBERNETESMONITORENABLED", "True",
                "OCTOPUS__K8STENTACLE__PODPROXIESSECRETNAME", "prod-scripts-proxies",
                "OCTOPUS__K8STENTACLE__SCRIPTPODPULLPOLICY", "ifnotpresent"));

    V1Container container = pod.getSpec().getContainers().get(0);
    assertThat(container.getEnv())
        .extracting(V1EnvVar::getName, V1EnvVar::getValue)
        .contains(
            org.assertj.core.groups.Tuple.tuple("OCTOPUS__K8STENTACLE__HELMCHARTVERSION", "2.14.0"),
            org.assertj.core.groups.Tuple.tuple(
                "OCTOPUS__K8STENTACLE__KUBERNETESMONITORENABLED", "true"));
    assertThat(container.getEnvFrom())
        .singleElement()
        .satisfies(
            source ->
                assertThat(source.getSecretRef().getName()).isEqualTo("prod-scripts-proxies"));
    assertThat(container.getImagePullPolicy()).isEqualTo("IfNotPresent");
  }

  @Test
  void without_those_settings_the_cluster_defaults_apply() {
    V1Container container = build(env()).getSpec().getContainers().get(0);

    assertThat(container.getEnvFrom()).isNull();
    assertThat(container.getImagePullPolicy()).isNull();
    assertThat(container.getEnv())
        .extracting(V1EnvVar::getName, V1EnvVar::getValue)
        .contains(
            org.assertj.core.groups.Tuple.tuple(
                "OCTOPUS__K8STENTACLE__KUBERNETESMONITORENABLED", "false"))
        .extracting(t -> t.toList().get(0))
        .doesNotContain("OCTOPUS__K8STENTACLE__HELMCHARTVERSION");
  }

  @ParameterizedTest(name = "ACCESSMODESJSON {0} pins script pods to the agent's node")
  @ValueSource(strings = {"[\"ReadWriteOnce\"]", "[\"readwriteonce\"]", "[ \"READWRITEONCE\" ]"})
  void a_read_write_once_volume_pins_script_pods_to_the_agents_node(String accessModes) {
    V1Pod pod = build(env("OCTOPUS__K8STENTACLE__ACCESSMODESJSON", accessModes));

    V1Affinity affinity = pod.getSpec().getAffinity();
    assertThat(affinity.getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution())
        .singleElement()
        .satisfies(ScriptPodSpecsTest::isTheAgentsNode);
    assertThat(affinity.getNodeAffinity()).as("the default Linux node affinity stays").isNotNull();
  }

  @ParameterizedTest(name = "ACCESSMODESJSON {0} adds no pod affinity")
  @NullSource
  @ValueSource(
      strings = {
        "[\"ReadWriteMany\"]",
        "[\"ReadWriteOnce\",\"ReadOnlyMany\"]",
        "[\"ReadWriteOncePod\"]",
        "[]",
        "   "
      })
  void other_access_modes_leave_script_pods_free_to_run_anywhere(String accessModes) {
    Map<String, String> env = env();
    if (accessModes != null) {
      env.put("OCTOPUS__K8STENTACLE__ACCESSMODESJSON", accessModes);
    }

    V1Pod pod = build(env);

    assertThat(pod.getSpec().getAffinity().getPodAffinity()).isNull();
  }

  @Test
  void the_users_affinity_terms_are_kept_beside_the_agents_node() {
    ScriptPodSettings settings =
        ScriptPodSettings.fromEnvironment(
            "/octopus",
            env(
                "OCTOPUS__K8STENTACLE__ACCESSMODESJSON",
                "[\"ReadWriteOnce\"]",
                "OCTOPUS__K8STENTACLE__PODAFFINITYJSON",
                "{\"nodeAffinity\":{\"requiredDuringSchedulingIgnoredDuringExecution\":"
                    + "{\"nodeSelectorTerms\":[{\"matchExpressions\":[{\"key\":\"pool\","
                    + "\"operator\":\"In\",\"values\":[\"deploy\"]}]}]}},"
                    + "\"podAffinity\":{\"requiredDuringSchedulingIgnoredDuringExecution\":"
                    + "[{\"topologyKey\":\"topology.kubernetes.io/zone\",\"labelSelector\":"
                    + "{\"matchLabels\":{\"app\":\"cache\"}}}],"
                    + "\"preferredDuringSchedulingIgnoredDuringExecution\":[{\"weight\":5,"
                    + "\"podAffinityTerm\":{\"topologyKey\":\"kubernetes.io/hostname\","
                    + "\"labelSelector\":{\"matchLabels\":{\"app\":\"db\"}}}}]},"
                    + "\"podAntiAffinity\":{\"preferredDuringSchedulingIgnoredDuringExecution\":"
                    + "[{\"weight\":1,\"podAffinityTerm\":{\"topologyKey\":"
                    + "\"kubernetes.io/hostname\",\"labelSelector\":{\"matchLabels\":"
                    + "{\"app\":\"noisy\"}}}}]}}"));

    V1Affinity affinity =
        ScriptPodSpecs.build(launch(Optional.empty()), settings, Optional.empty())
            .getSpec()
            .getAffinity();
    ScriptPodSpecs.build(launch(Optional.empty()), settings, Optional.empty());

    assertThat(affinity.getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution())
        .hasSize(2)
        .anySatisfy(t -> assertThat(t.getTopologyKey()).isEqualTo("topology.kubernetes.io/zone"))
        .anySatisfy(ScriptPodSpecsTest::isTheAgentsNode);
    assertThat(affinity.getPodAffinity().getPreferredDuringSchedulingIgnoredDuringExecution())
        .singleElement()
        .satisfies(p -> assertThat(p.getWeight()).isEqualTo(5));
    assertThat(affinity.getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution())
        .hasSize(1);
    assertThat(requiredNodeExpressions(affinity)).containsExactly("pool=[deploy]");
    assertThat(
            settings
                .affinity()
                .orElseThrow()
                .getPodAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution())
        .as("building pods never adds to the user's settings")
        .hasSize(1);
  }

  @Test
  void the_shape_shown_to_customizers_is_what_the_pod_carries_before_additions() {
    ScriptPodSettings settings =
        ScriptPodSettings.fromEnvironment(
            "/octopus", env("OCTOPUS__K8STENTACLE__PODLABELSJSON", "{\"team\":\"platform\"}"));
    V1Pod pod = ScriptPodSpecs.build(launch(Optional.empty()), settings, Optional.empty());

    PodShape shape = ScriptPodSpecs.shapeOf(launch(Optional.empty()), settings);

    assertThat(shape.labels()).isEqualTo(pod.getMetadata().getLabels());
    assertThat(shape.annotations()).isEqualTo(pod.getMetadata().getAnnotations());
    assertThat(shape.environment().keySet())
        .containsExactlyInAnyOrderElementsOf(
            pod.getSpec().getContainers().get(0).getEnv().stream().map(V1EnvVar::getName).toList());
    assertThat(shape.volumes())
        .containsExactly(
            new PodAdditions.Volume(
                ScriptPodSpecs.HOME_VOLUME, PodAdditions.Volume.Kind.AGENT_OWNED, ""));
    assertThat(shape.mounts())
        .containsExactly(new PodAdditions.Mount(ScriptPodSpecs.HOME_VOLUME, "/octopus", false));
    assertThat(shape.security()).isEqualTo(PodShape.Security.RESTRICTED);
    assertThat(
            ScriptPodSpecs.shapeOf(
                    launch(Optional.empty()),
                    ScriptPodSettings.fromEnvironment(
                        "/octopus",
                        env("OCTOPUS__K8STENTACLE__PODSECURITYCONTEXTJSON", "{\"runAsUser\":0}")))
                .security())
        .as("a user who runs script pods as root")
        .isEqualTo(new PodShape.Security(false, false, true));
  }

  @Test
  void additions_never_replace_what_the_agent_sets_and_the_offered_pull_policy_wins() {
    PodAdditions clashing =
        new PodAdditions(
            Map.of(PodNames.TICKET_LABEL, "other", "team", "blue"),
            Map.of(PodNames.TICKET_ANNOTATION, "other"),
            Map.of("TentacleHome", "/elsewhere", "EXTRA", "1"),
            List.of(
                new PodAdditions.Volume(
                    ScriptPodSpecs.HOME_VOLUME, PodAdditions.Volume.Kind.EMPTY_DIR, ""),
                new PodAdditions.Volume("scratch", PodAdditions.Volume.Kind.EMPTY_DIR, "")),
            List.of(new PodAdditions.Mount("scratch", "/scratch", false)),
            List.of(),
            Optional.of(PodAdditions.PullPolicy.NEVER),
            List.of("regcred", "mirror"));
    ScriptPodSettings settings =
        ScriptPodSettings.fromEnvironment(
            "/octopus",
            env(
                "OCTOPUS__K8STENTACLE__SCRIPTPODPULLPOLICY", "Always",
                "OCTOPUS__K8STENTACLE__PODIMAGEPULLSECRETNAMES", "regcred"));

    V1Pod pod =
        ScriptPodSpecs.build(
            launch(Optional.empty()).adding(clashing), settings, Optional.of("feed-1"));

    assertThat(pod.getMetadata().getLabels())
        .containsEntry(PodNames.TICKET_LABEL, PodNames.ticketLabel(TICKET))
        .containsEntry("team", "blue");
    assertThat(pod.getMetadata().getAnnotations())
        .containsEntry(PodNames.TICKET_ANNOTATION, TICKET.taskId());
    V1Container container = pod.getSpec().getContainers().get(0);
    assertThat(container.getEnv())
        .extracting(V1EnvVar::getName, V1EnvVar::getValue)
        .contains(
            org.assertj.core.groups.Tuple.tuple("TentacleHome", "/octopus"),
            org.assertj.core.groups.Tuple.tuple("EXTRA", "1"));
    assertThat(pod.getSpec().getVolumes())
        .extracting(v -> v.getName() + (v.getEmptyDir() == null ? "" : " (empty)"))
        .containsExactly(ScriptPodSpecs.HOME_VOLUME, "scratch (empty)");
    assertThat(container.getImagePullPolicy()).isEqualTo("Never");
    assertThat(pod.getSpec().getImagePullSecrets())
        .extracting(V1LocalObjectReference::getName)
        .containsExactly("feed-1", "regcred", "mirror");
    assertThat(pod.getSpec().getInitContainers()).isNull();
  }

  private static V1Pod build(Map<String, String> env) {
    return ScriptPodSpecs.build(
        launch(Optional.empty()),
        ScriptPodSettings.fromEnvironment("/octopus", env),
        Optional.empty());
  }

  /** The first required node selector term, as {@code key=[values]}. */
  private static List<String> requiredNodeExpressions(V1Affinity affinity) {
    return affinity
        .getNodeAffinity()
        .getRequiredDuringSchedulingIgnoredDuringExecution()
        .getNodeSelectorTerms()
        .get(0)
        .getMatchExpressions()
        .stream()
        .map(e -> e.getKey() + "=" + e.getValues())
        .toList();
  }

  private static void isTheAgentsNode(V1PodAffinityTerm term) {
    assertThat(term.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
    assertThat(term.getLabelSelector().getMatchExpressions())
        .extracting(e -> e.getKey() + " " + e.getOperator() + " " + e.getValues())
        .containsExactlyInAnyOrder(
            "app.kubernetes.io/instance In [prod]", "agent.octopus.com/component In [tentacle]");
  }

  @Test
  void names_stay_dns_safe_and_distinct_for_any_ticket() {
    ScriptTicket longTicket = new ScriptTicket("a".repeat(100));
    ScriptTicket otherLong = new ScriptTicket("a".repeat(99) + "b");
    ScriptTicket dotted = new ScriptTicket("task.ticket_1");
    assertThat(PodNames.pod(longTicket)).hasSizeLessThanOrEqualTo(63).startsWith("octopus-script-");
    assertThat(PodNames.pod(longTicket)).isNotEqualTo(PodNames.pod(otherLong));
    assertThat(PodNames.pod(dotted)).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    assertThat(PodNames.ticketLabel(dotted)).isEqualTo("task.ticket_1");
    assertThat(PodNames.ticketLabel(longTicket)).hasSize(40);
  }
}
