package dev.k8sagent.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Several agents in one cluster: no release can overwrite or adopt another's objects. */
class ReleaseIsolationTest {

  /** Every option that adds objects, so every template takes part. */
  private static HelmValues everything(String storage) {
    HelmValues values =
        SeedInstall.values()
            .with(
                "agent.serverCertificate", "LS0tLS1CRUdJTg==",
                "agent.serverApiKey", "API-KEY",
                "agent.defaultNamespace", "web",
                "scriptPods.serviceAccount.targetNamespaces", "{api}");
    return storage.isEmpty() ? values : values.with(storage.split("=")[0], storage.split("=")[1]);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "persistence.storageClassName=azurefile",
        "persistence.accessModes={ReadWriteOnce}"
      })
  void two_releases_in_one_namespace_share_no_object_name(String storage) {
    AgentChart chart = new AgentChart();
    Rendered first = chart.render("blue", "agents", everything(storage));
    Rendered second = chart.render("green", "agents", everything(storage));

    assertThat(names(first)).doesNotContainAnyElementsOf(names(second));
  }

  @Test
  void two_releases_in_one_namespace_with_cluster_rights_share_no_object_name() {
    AgentChart chart = new AgentChart();
    HelmValues values =
        everything("").with("scriptPods.serviceAccount.clusterRole.enabled", "true");

    assertThat(names(chart.render("blue", "agents", values)))
        .doesNotContainAnyElementsOf(names(chart.render("green", "agents", values)));
  }

  @Test
  void one_release_name_in_two_namespaces_shares_no_cluster_or_target_namespace_object() {
    AgentChart chart = new AgentChart();
    HelmValues values =
        everything("").with("scriptPods.serviceAccount.clusterRole.enabled", "true");
    Rendered first = chart.render("agent", "team-a", values);
    Rendered second = chart.render("agent", "team-b", values);
    Rendered firstNamespaced = chart.render("agent", "team-a", everything(""));
    Rendered secondNamespaced = chart.render("agent", "team-b", everything(""));

    assertThat(identities(first)).doesNotContainAnyElementsOf(identities(second));
    assertThat(identities(firstNamespaced))
        .doesNotContainAnyElementsOf(identities(secondNamespaced));
  }

  @Test
  void long_release_names_stay_valid_and_distinct() {
    AgentChart chart = new AgentChart();
    String base = "a-release-name-long-enough-to-need-cutting";
    Rendered first =
        chart.render(base + "-one", "a-namespace-with-a-long-name-too", everything(""));
    Rendered second =
        chart.render(base + "-two", "a-namespace-with-a-long-name-too", everything(""));

    assertThat(first.objects())
        .allSatisfy(o -> assertThat(o.getMetadata().getName()).hasSizeLessThanOrEqualTo(63));
    assertThat(names(first)).doesNotContainAnyElementsOf(names(second));
  }

  private static Set<String> names(Rendered rendered) {
    return rendered.objects().stream()
        .map(o -> o.getKind() + "/" + o.getMetadata().getName())
        .collect(Collectors.toSet());
  }

  private static List<String> identities(Rendered rendered) {
    return rendered.identities().toList();
  }
}
