package dev.k8sagent.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every pod the chart runs is admitted by a namespace enforcing the restricted Pod Security
 * Standard; the one exception is the NFS server, which a kernel NFS server cannot do without.
 */
class PodSecurityTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "persistence.storageClassName=azurefile",
        "persistence.accessModes={ReadWriteOnce}",
        "agent.serverCertificateSecretName=my-ca",
        "agent.serverCertificate=LS0tLS1CRUdJTg==",
        "scriptPods.serviceAccount.clusterRole.enabled=true"
      })
  void every_pod_template_is_restricted(String setting) {
    String[] keyValue = setting.split("=", 2);
    Rendered rendered =
        new AgentChart()
            .render(
                SeedInstall.values()
                    .with("persistence.storageClassName", "azurefile")
                    .with(keyValue[0], keyValue[1]));

    Map<String, V1PodTemplateSpec> templates = rendered.podTemplates();
    assertThat(templates).isNotEmpty();
    templates.forEach(
        (owner, template) ->
            assertThat(PodSecurityStandard.restrictedViolations(template)).as(owner).isEmpty());
  }

  @Test
  void in_nfs_mode_only_the_nfs_server_is_privileged() {
    Rendered rendered = new AgentChart().render(SeedInstall.values());

    Map<String, V1PodTemplateSpec> templates = rendered.podTemplates();
    assertThat(templates).containsKey("StatefulSet/r-kubernetes-agent-nfs");
    templates.forEach(
        (owner, template) -> {
          if (owner.equals("StatefulSet/r-kubernetes-agent-nfs")) {
            assertThat(PodSecurityStandard.restrictedViolations(template))
                .contains("container nfs: privileged");
          } else {
            assertThat(PodSecurityStandard.restrictedViolations(template)).as(owner).isEmpty();
          }
        });
  }

  @Test
  void the_check_refuses_a_pod_the_admission_controller_refuses() {
    V1PodTemplateSpec template =
        new AgentChart().render(SeedInstall.values()).agentDeployment().getSpec().getTemplate();
    template.getSpec().getContainers().get(0).getSecurityContext().allowPrivilegeEscalation(true);
    template.getSpec().getSecurityContext().runAsNonRoot(null).seccompProfile(null);
    template.getSpec().getContainers().get(0).getSecurityContext().runAsNonRoot(null);
    template.getSpec().getContainers().get(0).getSecurityContext().seccompProfile(null);

    assertThat(PodSecurityStandard.restrictedViolations(template))
        .containsExactlyInAnyOrder(
            "container agent: allowPrivilegeEscalation is not false",
            "container agent: runAsNonRoot is not true",
            "container agent: no RuntimeDefault or Localhost seccomp profile");
  }
}
