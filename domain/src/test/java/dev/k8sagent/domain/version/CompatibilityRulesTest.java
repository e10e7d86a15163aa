package dev.k8sagent.domain.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k8sagent.domain.version.KubernetesSupport.ClusterSupport;
import dev.k8sagent.domain.version.ServerCompatibility.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompatibilityRulesTest {

  private static final ServerCompatibility RULES = ServerCompatibility.DEFAULT;

  @ParameterizedTest(name = "agent {0} with server {1}: compatible = {2}")
  @CsvSource({
    "1.0.0, 2024.2.6580, true",
    "1.3.7, 2025.1.100, true",
    "1.0.0, 2024.2.6579, false",
    "1.0.0, 2024.1.9999, false",
    "1.0.0, 2024.2.6580-ci0001, false"
  })
  void agent_1_x_needs_server_2024_2_6580(String agent, String server, boolean compatible) {
    Verdict verdict = RULES.check(SemanticVersion.parse(agent), OctopusServerVersion.parse(server));

    assertThat(verdict instanceof Verdict.Compatible).isEqualTo(compatible);
  }

  @Test
  void a_too_old_server_is_told_what_it_needs() {
    Verdict verdict =
        RULES.check(SemanticVersion.of(1, 0, 0), OctopusServerVersion.parse("2023.4.1"));

    assertThat(((Verdict.ServerTooOld) verdict).message())
        .contains("2023.4.1 is too old")
        .contains("needs Octopus Server 2024.2.6580 or newer");
  }

  @Test
  void an_agent_major_without_a_recorded_minimum_is_a_programming_error() {
    assertThatThrownBy(() -> RULES.minimumServerFor(SemanticVersion.of(9, 0, 0)))
        .hasMessageContaining("major version 9");
  }

  @ParameterizedTest(name = "server {0}: automatic upgrade = {1}")
  @CsvSource({"2024.2.8584, true", "2024.2.8583, false", "2025.2.1, true"})
  void automatic_upgrade_needs_server_2024_2_8584(String server, boolean supported) {
    assertThat(RULES.supportsAutomaticUpgrade(OctopusServerVersion.parse(server)))
        .isEqualTo(supported);
  }

  @ParameterizedTest(name = "cluster {0} runs {1}")
  @CsvSource({
    "v1.29.3, octopusdeploy/kubernetes-agent-tools-base:1.29",
    "v1.26.0, octopusdeploy/kubernetes-agent-tools-base:1.26",
    "v1.36.1, octopusdeploy/kubernetes-agent-tools-base:1.36",
    "v1.20.4, octopusdeploy/kubernetes-agent-tools-base:1.26",
    "v1.40.0-eks-1, octopusdeploy/kubernetes-agent-tools-base:1.36",
    "v1.30.0+k3s1, octopusdeploy/kubernetes-agent-tools-base:1.30"
  })
  void the_tooling_image_matches_the_cluster_minor_clamped_to_the_supported_range(
      String cluster, String image) {
    assertThat(
            KubernetesSupport.DEFAULT.toolingImageFor(KubernetesVersion.parse(cluster)).reference())
        .isEqualTo(image);
  }

  @ParameterizedTest(name = "{0} supported = {1}")
  @CsvSource({"v1.26.0, true", "v1.29.9, true", "v1.25.9, false", "v1.37.0, false"})
  void clusters_outside_the_table_get_a_warning(String cluster, boolean supported) {
    ClusterSupport support = KubernetesSupport.DEFAULT.check(KubernetesVersion.parse(cluster));

    assertThat(support instanceof ClusterSupport.Supported).isEqualTo(supported);
    if (support instanceof ClusterSupport.Unsupported unsupported) {
      assertThat(unsupported.warning()).contains("outside the supported range 1.26 to 1.36");
    }
  }

  @Test
  void the_table_is_one_place_to_extend() {
    KubernetesSupport seed =
        new KubernetesSupport(
            "registry.local/tools", KubernetesVersion.of(1, 26), KubernetesVersion.of(1, 29));

    assertThat(seed.supportedMinors())
        .extracting(KubernetesVersion::minorVersion)
        .containsExactly("1.26", "1.27", "1.28", "1.29");
    assertThat(seed.toolingImageFor(KubernetesVersion.parse("v1.31.0")).reference())
        .isEqualTo("registry.local/tools:1.29");
  }

  @Test
  void a_backwards_range_is_refused() {
    assertThatThrownBy(
            () ->
                new KubernetesSupport(
                    "r/t", KubernetesVersion.of(1, 30), KubernetesVersion.of(1, 26)))
        .hasMessageContaining("older to a newer minor");
  }
}
