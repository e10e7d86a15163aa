package dev.k8sagent.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1Secret;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The seed's install command, with tenants, renders an agent configured as the command says. */
class SeedInstallTest {
  private final AgentChart chart = new AgentChart();
  private final Rendered seed =
      chart.render(SeedInstall.RELEASE, SeedInstall.NAMESPACE, SeedInstall.values());

  @Test
  void lint_is_clean_with_the_seed_values() {
    LintResult result = chart.lintWith(SeedInstall.values());

    assertThat(result.isFailed()).isFalse();
    assertThat(result.getMessages())
        .noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
  }

  @Test
  void lint_of_the_bare_chart_fails_only_on_the_values_an_install_must_give() {
    LintResult result = chart.lint();

    assertThat(result.isFailed()).isTrue();
    assertThat(result.getMessages())
        .filteredOn(m -> m.contains("[ERROR]") || m.contains("[WARNING]"))
        .isNotEmpty()
        .allMatch(
            m ->
                m.startsWith("[ERROR] values.yaml: - at '/agent': 'allOf' failed")
                    || m.startsWith("[ERROR] templates/: values don't meet the specifications"),
            "a schema refusal");
    assertThat(String.join("\n", result.getMessages()))
        .contains("missing property 'targetName: ")
        .contains("missing property 'acceptEula: ")
        .contains("missing property 'bearerToken: ")
        .contains("missing property 'serverCommsAddress: ");
  }

  @Test
  void the_agent_container_carries_the_registration_from_the_command_line() {
    Map<String, String> env = seed.agentEnvironment();

    assertThat(env)
        .containsEntry("ACCEPT_EULA", "Y")
        .containsEntry("TargetName", "prod-cluster")
        .containsEntry("ServerUrl", "https://octopus.example.com")
        .containsEntry("ServerCommsAddress", "https://octopus.example.com:10943/")
        .containsEntry("Space", "Default")
        .containsEntry("TargetEnvironment", "dev,prod")
        .containsEntry("TargetRole", "k8s-web")
        .containsEntry("TargetTenant", "Acme,Globex")
        .containsEntry("TargetTenantTag", "Region/Europe")
        .containsEntry("TargetTenantedDeploymentParticipation", "TenantedOrUntenanted")
        .containsEntry("BearerToken", SeedInstall.TOKEN)
        .containsEntry("TentacleHome", "/octopus")
        .containsEntry("OCTOPUS__K8STENTACLE__NAMESPACE", SeedInstall.NAMESPACE)
        .containsEntry("OCTOPUS__K8STENTACLE__HELMRELEASENAME", SeedInstall.RELEASE)
        .containsEntry("OCTOPUS__K8STENTACLE__HELMCHARTVERSION", ChartVersionTest.projectVersion())
        .containsEntry(
            "OCTOPUS__K8STENTACLE__PODSERVICEACCOUNTNAME", "prod-cluster-kubernetes-agent-scripts")
        .containsEntry(
            "OCTOPUS__K8STENTACLE__PODVOLUMECLAIMNAME", "prod-cluster-kubernetes-agent-home")
        .containsEntry("OCTOPUS__K8STENTACLE__PERSISTENTVOLUMESIZE", "10Gi")
        .containsEntry("OCTOPUS__K8STENTACLE__ACCESSMODESJSON", "[\"ReadWriteMany\"]")
        .doesNotContainKey("JDK_JAVA_OPTIONS");
  }

  @Test
  void secrets_reach_the_container_only_through_secret_references() {
    V1EnvVar token = seed.agentVariable("BearerToken");

    assertThat(token.getValue()).isNull();
    assertThat(token.getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("prod-cluster-kubernetes-agent-server-auth");
    assertThat(seed.agentContainer().getEnv())
        .allSatisfy(
            v -> assertThat(String.valueOf(v.getValue())).doesNotContain(SeedInstall.TOKEN));
    V1Secret secret = seed.only(V1Secret.class);
    assertThat(new String(secret.getData().get("bearer-token"), StandardCharsets.UTF_8))
        .isEqualTo(SeedInstall.TOKEN);
  }

  @Test
  void one_agent_replaced_not_rolled_with_health_probes_and_the_pinning_labels() {
    V1Deployment deployment = seed.agentDeployment();
    V1PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    V1Container agent = seed.agentContainer();

    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/instance", SeedInstall.RELEASE)
        .containsEntry("agent.octopus.com/component", "tentacle");
    assertThat(agent.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(agent.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(agent.getPorts()).anySatisfy(p -> assertThat(p.getContainerPort()).isEqualTo(8080));
    assertThat(agent.getImage())
        .isEqualTo("ghcr.io/k8s-agent/k8s-agent:" + ChartVersionTest.projectVersion());
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
    assertThat(pod.getSecurityContext().getRunAsGroup()).isEqualTo(10001L);
    assertThat(pod.getServiceAccountName()).isEqualTo("prod-cluster-kubernetes-agent-agent");
    assertThat(pod.getEnableServiceLinks()).as("no Service adds variables to the agent").isFalse();
    var terms =
        pod.getAffinity()
            .getNodeAffinity()
            .getRequiredDuringSchedulingIgnoredDuringExecution()
            .getNodeSelectorTerms();
    assertThat(terms.get(0).getMatchExpressions())
        .anySatisfy(
            e -> {
              assertThat(e.getKey()).isEqualTo("kubernetes.io/arch");
              assertThat(e.getValues()).containsExactlyInAnyOrder("amd64", "arm64");
            })
        .anySatisfy(
            e -> {
              assertThat(e.getKey()).isEqualTo("kubernetes.io/os");
              assertThat(e.getValues()).containsExactly("linux");
            });
  }

  @Test
  void node_drains_cannot_evict_this_releases_running_script_pods() {
    V1PodDisruptionBudget budget = seed.only(V1PodDisruptionBudget.class);

    assertThat(budget.getSpec().getSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/managed-by", "k8s-agent")
        .containsEntry("agent.octopus.com/release", SeedInstall.RELEASE);
    assertThat(budget.getSpec().getSelector().getMatchExpressions())
        .singleElement()
        .satisfies(e -> assertThat(e.getKey()).isEqualTo("octopus.com/scriptTicketId"));
    assertThat(budget.getSpec().getMinAvailable().getIntValue()).isGreaterThan(1000);
  }

  @Test
  void changing_the_token_rolls_the_agent_and_nothing_else_does() {
    Rendered again = chart.render(SeedInstall.RELEASE, SeedInstall.NAMESPACE, SeedInstall.values());
    Rendered newToken =
        chart.render(
            SeedInstall.RELEASE,
            SeedInstall.NAMESPACE,
            SeedInstall.values().with("agent.bearerToken", "eyJ.another-token"));

    assertThat(annotations(again)).isEqualTo(annotations(seed));
    assertThat(annotations(newToken).get("checksum/secret"))
        .isNotEqualTo(annotations(seed).get("checksum/secret"));
  }

  @Test
  void jvm_options_replace_the_image_default_only_when_given() {
    Rendered tuned =
        chart.render(
            SeedInstall.RELEASE,
            SeedInstall.NAMESPACE,
            SeedInstall.values().with("agent.jvmOptions", "-XX:MaxRAMPercentage=60"));

    assertThat(tuned.agentEnvironment())
        .containsEntry("JDK_JAVA_OPTIONS", "-XX:MaxRAMPercentage=60");
  }

  @Test
  void class_data_sharing_keeps_its_archive_on_a_volume_only_the_agent_container_mounts() {
    V1Container agent = seed.agentContainer();

    assertThat(agent.getCommand()).hasSize(3).startsWith("/bin/sh", "-c");
    assertThat(agent.getCommand().get(2))
        .contains("-XX:SharedArchiveFile=$archive", "-XX:ArchiveClassesAtExit=$archive")
        .contains("archive=/var/cache/k8s-agent/classes.jsa")
        .contains("exec java \"$cds\" -jar /app/k8s-agent.jar run");
    assertThat(seed.agentMount("/var/cache/k8s-agent").getName()).isEqualTo("class-data");
    assertThat(seed.agentVolume("class-data").getEmptyDir()).isNotNull();

    Rendered without =
        chart.render(
            SeedInstall.RELEASE,
            SeedInstall.NAMESPACE,
            SeedInstall.values().with("agent.classDataSharing.enabled", "false"));
    assertThat(without.agentContainer().getCommand()).as("the image's entrypoint").isNullOrEmpty();
    assertThat(without.agentDeployment().getSpec().getTemplate().getSpec().getVolumes())
        .noneMatch(volume -> volume.getName().equals("class-data"));
  }

  @Test
  void the_official_v2_v3_names_configure_the_same_registration() {
    HelmValues official =
        HelmValues.of(
            "agent.acceptEula", "Y",
            "agent.name", "prod-cluster",
            "agent.serverUrl", "https://octopus.example.com",
            "agent.serverCommsAddress", "https://octopus.example.com:10943/",
            "agent.bearerToken", SeedInstall.TOKEN,
            "agent.deploymentTarget.initial.environments", "{dev,prod}",
            "agent.deploymentTarget.initial.tags", "{k8s-web}",
            "agent.deploymentTarget.initial.tenants", "{Acme,Globex}",
            "agent.deploymentTarget.initial.tenantTags", "{Region/Europe}",
            "agent.deploymentTarget.initial.tenantedDeploymentParticipation",
                "TenantedOrUntenanted");

    Rendered rendered = chart.render(SeedInstall.RELEASE, SeedInstall.NAMESPACE, official);

    assertThat(rendered.agentEnvironment()).isEqualTo(seed.agentEnvironment());
  }

  @Test
  void the_default_namespace_the_machine_policy_and_the_proxy_reach_the_agent() {
    Rendered rendered =
        chart.render(
            SeedInstall.RELEASE,
            SeedInstall.NAMESPACE,
            SeedInstall.values()
                .with(
                    "agent.defaultNamespace", "web",
                    "agent.machinePolicyName", "Transient",
                    "agent.pollingConnectionCount", "3",
                    "agent.serverCommsAddresses", "{https://a:10943/,https://b:10943/}",
                    "agent.pollingProxy.host", "proxy.internal",
                    "agent.pollingProxy.port", "3128",
                    "agent.pollingProxy.password", "proxy-secret"));

    assertThat(rendered.agentEnvironment())
        .containsEntry("DefaultNamespace", "web")
        .containsEntry("MachinePolicy", "Transient")
        .containsEntry("TentaclePollingConnectionCount", "3")
        .containsEntry("ServerCommsAddresses", "https://a:10943/,https://b:10943/")
        .containsEntry("TentaclePollingProxyHost", "proxy.internal")
        .containsEntry("TentaclePollingProxyPort", "3128")
        .containsEntry("TentaclePollingProxyPassword", "proxy-secret");
    assertThat(rendered.agentVariable("TentaclePollingProxyPassword").getValueFrom()).isNotNull();
  }

  @Test
  void an_existing_secret_is_referenced_and_no_token_secret_is_rendered() {
    Rendered rendered =
        chart.render(
            SeedInstall.RELEASE,
            SeedInstall.NAMESPACE,
            SeedInstall.values()
                .without("agent.bearerToken")
                .with("agent.bearerTokenSecretName", "my-token"));

    assertThat(rendered.agentVariable("BearerToken").getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("my-token");
    assertThat(rendered.all(V1Secret.class)).isEmpty();
  }

  @Test
  void the_agent_certificate_can_come_from_an_existing_secret() {
    Rendered rendered =
        chart.render(
            SeedInstall.RELEASE,
            SeedInstall.NAMESPACE,
            SeedInstall.values()
                .without("agent.bearerToken")
                .with("agent.bearerTokenSecretName", "my-token")
                .with("agent.certificateSecretName", "my-identity"));

    var reference = rendered.agentVariable("TentacleCertificateBase64").getValueFrom();
    assertThat(reference.getSecretKeyRef().getName()).isEqualTo("my-identity");
    assertThat(reference.getSecretKeyRef().getKey()).isEqualTo("certificate");
    assertThat(rendered.all(V1Secret.class)).isEmpty();
  }

  private static Map<String, String> annotations(Rendered rendered) {
    return rendered.agentDeployment().getSpec().getTemplate().getMetadata().getAnnotations();
  }
}
