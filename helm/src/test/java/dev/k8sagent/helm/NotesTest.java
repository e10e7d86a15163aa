package dev.k8sagent.helm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What `helm install` prints: what was installed, how to see it is ready, what next. */
class NotesTest {
  @Test
  void the_notes_name_the_deployment_to_watch_and_how_to_uninstall() {
    String notes = install(SeedInstall.values());

    assertThat(notes)
        .contains("registers as deployment target \"prod-cluster\" in space \"Default\"")
        .contains(
            "kubectl rollout status deployment/prod-cluster-kubernetes-agent-agent"
                + " --namespace octopus-agent-prod-cluster")
        .contains("agent.octopus.com/release=prod-cluster")
        .containsSubsequence(
            "helm uninstall prod-cluster", "kubectl delete pods,secrets --namespace")
        .contains("install the driver first");
  }

  @Test
  void with_a_storage_class_the_notes_do_not_ask_for_the_nfs_driver() {
    String notes = install(SeedInstall.values().with("persistence.storageClassName", "azurefile"));

    assertThat(notes)
        .contains("the shared volume claim prod-cluster-kubernetes-agent-home")
        .doesNotContain("NFS");
  }

  private static String install(HelmValues values) {
    return new AgentChart().installOutput(SeedInstall.RELEASE, SeedInstall.NAMESPACE, values);
  }
}
