package dev.k8sagent.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.models.V1ClusterRole;
import io.kubernetes.client.openapi.models.V1ClusterRoleBinding;
import io.kubernetes.client.openapi.models.V1PolicyRule;
import io.kubernetes.client.openapi.models.V1Role;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Least privilege unless the user opts in to cluster-wide rights for script pods. */
class RbacTest {
  private static final String SCRIPTS = "r-kubernetes-agent-scripts";
  private static final String UPGRADER = "r-kubernetes-agent-upgrader";

  private final AgentChart chart = new AgentChart();

  @Test
  void no_wildcard_rule_and_no_cluster_wide_binding_by_default() {
    Rendered rendered = chart.render(SeedInstall.values());

    assertThat(rules(rendered)).noneMatch(RbacTest::wildcard);
    assertThat(rendered.all(V1ClusterRoleBinding.class))
        .allSatisfy(b -> assertThat(b.getSubjects()).noneMatch(s -> s.getName().equals(SCRIPTS)));
  }

  @Test
  void script_pods_may_edit_the_release_default_and_target_namespaces_and_no_other() {
    Rendered rendered =
        chart.render(
            SeedInstall.values()
                .with(
                    "agent.defaultNamespace", "web",
                    "scriptPods.serviceAccount.targetNamespaces", "{api,web}"));

    List<V1RoleBinding> scriptBindings =
        rendered.all(V1RoleBinding.class).stream()
            .filter(b -> b.getSubjects().stream().anyMatch(s -> s.getName().equals(SCRIPTS)))
            .toList();
    assertThat(scriptBindings)
        .extracting(b -> b.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("ns", "web", "api");
    assertThat(scriptBindings)
        .allSatisfy(
            b -> {
              assertThat(b.getRoleRef().getKind()).isEqualTo("ClusterRole");
              assertThat(b.getRoleRef().getName()).isEqualTo("edit");
              assertThat(b.getSubjects().get(0).getNamespace()).isEqualTo("ns");
            });
  }

  @Test
  void cluster_wide_rights_only_when_opted_in() {
    Rendered rendered =
        chart.render(
            SeedInstall.values().with("scriptPods.serviceAccount.clusterRole.enabled", "true"));

    V1ClusterRoleBinding binding =
        rendered.all(V1ClusterRoleBinding.class).stream()
            .filter(b -> b.getSubjects().stream().anyMatch(s -> s.getName().equals(SCRIPTS)))
            .findFirst()
            .orElseThrow();
    V1ClusterRole role =
        rendered.named(V1ClusterRole.class, binding.getRoleRef().getName()).orElseThrow();
    assertThat(role.getRules()).anyMatch(RbacTest::wildcard);
    assertThat(role.getMetadata().getName()).isEqualTo("ns-r-kubernetes-agent-scripts");
  }

  @Test
  void the_agent_may_run_script_pods_and_keep_its_state_in_its_own_namespace_only() {
    Rendered rendered = chart.render(SeedInstall.values());

    V1Role agent = rendered.named(V1Role.class, "r-kubernetes-agent-agent").orElseThrow();
    assertThat(agent.getMetadata().getNamespace()).isEqualTo("ns");
    assertThat(agent.getRules())
        .anySatisfy(
            r -> {
              assertThat(r.getResources()).containsExactly("pods");
              assertThat(r.getVerbs()).contains("create", "delete", "watch", "list", "get");
            })
        .anySatisfy(
            r -> {
              assertThat(r.getResources()).containsExactly("secrets");
              assertThat(r.getResourceNames())
                  .containsExactly(rendered.agentEnvironment().get("K8SAGENT_STATE_SECRET"));
              assertThat(r.getVerbs()).containsExactlyInAnyOrder("get", "update");
            });
    assertThat(agent.getRules())
        .filteredOn(r -> r.getApiGroups().contains("events.k8s.io"))
        .as("its own Events: create a series and patch its count, nothing else")
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getApiGroups()).containsExactly("events.k8s.io");
              assertThat(r.getResources()).containsExactly("events");
              assertThat(r.getResourceNames()).isNullOrEmpty();
              assertThat(r.getVerbs()).containsExactlyInAnyOrder("create", "patch");
            });
    assertThat(agent.getRules())
        .filteredOn(r -> r.getResources().contains("events") && r.getApiGroups().contains(""))
        .as("core events (a script pod's, for the task log) are only listed")
        .singleElement()
        .satisfies(r -> assertThat(r.getVerbs()).containsExactly("list"));
    assertThat(agent.getRules())
        .filteredOn(
            r ->
                r.getResources().contains("secrets")
                    && (r.getResourceNames() == null || r.getResourceNames().isEmpty()))
        .as("any other Secret may only be created (feed pull secrets), never read or replaced")
        .singleElement()
        .satisfies(r -> assertThat(r.getVerbs()).containsExactly("create"));
    V1RoleBinding binding =
        rendered.named(V1RoleBinding.class, "r-kubernetes-agent-agent").orElseThrow();
    assertThat(binding.getSubjects().get(0).getName())
        .isEqualTo(
            rendered.agentDeployment().getSpec().getTemplate().getSpec().getServiceAccountName());
  }

  @Test
  void an_in_cluster_upgrade_may_change_the_release_namespace_and_its_own_cluster_objects_only() {
    Rendered rendered =
        chart.render(
            SeedInstall.values().with("scriptPods.serviceAccount.targetNamespaces", "{api}"));

    V1Role home = rendered.named(V1Role.class, UPGRADER).orElseThrow();
    assertThat(home.getMetadata().getNamespace()).isEqualTo("ns");
    assertThat(home.getRules())
        .anySatisfy(r -> assertThat(r.getResources()).contains("deployments"))
        .anySatisfy(r -> assertThat(r.getVerbs()).contains("escalate"));
    V1Role target =
        rendered.all(V1Role.class).stream()
            .filter(r -> r.getMetadata().getNamespace().equals("api"))
            .findFirst()
            .orElseThrow();
    assertThat(target.getRules())
        .allSatisfy(
            r ->
                assertThat(
                        r.getResources().equals(List.of("rolebindings"))
                            || r.getResourceNames().equals(List.of("edit")))
                    .isTrue());
    V1ClusterRole cluster = rendered.only(V1ClusterRole.class);
    assertThat(cluster.getRules())
        .allSatisfy(
            r -> assertThat(r.getResourceNames()).containsExactly("ns-r-kubernetes-agent-nfs"));
    assertThat(rendered.agentEnvironment())
        .containsEntry("OCTOPUS__K8STENTACLE__UPGRADERSERVICEACCOUNTNAME", UPGRADER);
  }

  private static Stream<V1PolicyRule> rules(Rendered rendered) {
    return Stream.concat(
        rendered.all(V1Role.class).stream().flatMap(r -> r.getRules().stream()),
        rendered.all(V1ClusterRole.class).stream().flatMap(r -> r.getRules().stream()));
  }

  private static boolean wildcard(V1PolicyRule rule) {
    return Stream.of(
            rule.getApiGroups(), rule.getResources(), rule.getVerbs(), rule.getNonResourceURLs())
        .map(l -> Optional.ofNullable(l).orElse(List.of()))
        .anyMatch(l -> l.contains("*"));
  }
}
