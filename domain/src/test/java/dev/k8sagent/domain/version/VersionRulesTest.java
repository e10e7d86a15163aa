package dev.k8sagent.domain.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionRulesTest {

  @ParameterizedTest(name = "{0} < {1}")
  @CsvSource({
    "1.0.0, 1.0.1",
    "1.0.9, 1.1.0",
    "1.9.0, 2.0.0",
    "1.0.0-alpha, 1.0.0",
    "1.0.0-alpha, 1.0.0-alpha.1",
    "1.0.0-alpha.1, 1.0.0-alpha.beta",
    "1.0.0-beta.2, 1.0.0-beta.11",
    "1.0.0-rc.1, 1.0.0"
  })
  void semantic_versions_order_by_the_spec(String lower, String higher) {
    assertThat(SemanticVersion.parse(lower)).isLessThan(SemanticVersion.parse(higher));
  }

  @Test
  void build_metadata_does_not_change_the_order() {
    assertThat(SemanticVersion.parse("1.2.3+a").compareTo(SemanticVersion.parse("1.2.3+b")))
        .isZero();
    assertThat(SemanticVersion.parse("v2.0.0-rc.1+5").toString()).isEqualTo("2.0.0-rc.1+5");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "1.2", "01.2.3", "1.2.3-", "a.b.c", "1.2.3.4"})
  void malformed_semantic_versions_are_refused(String text) {
    assertThatThrownBy(() -> SemanticVersion.parse(text))
        .hasMessageContaining("is not a semantic version");
  }

  @ParameterizedTest(name = "{0} < {1}")
  @CsvSource({
    "2024.2.6580, 2024.2.8584",
    "2024.1.9999, 2024.2.0",
    "2023.4.1, 2024.1.0",
    "2024.2.6580-ci0001, 2024.2.6580",
    "2024.2.6580, 2024.2.6580.1"
  })
  void server_versions_order_by_their_numbers_with_pre_releases_first(String lower, String higher) {
    assertThat(OctopusServerVersion.parse(lower)).isLessThan(OctopusServerVersion.parse(higher));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2024", "2024.2", "v2024.2.1", "2024.2.x"})
  void malformed_server_versions_are_refused(String text) {
    assertThatThrownBy(() -> OctopusServerVersion.parse(text))
        .hasMessageContaining("not an Octopus Server version");
  }

  @ParameterizedTest(name = "{0} is {1}.{2}.{3}")
  @CsvSource({
    "v1.29.3, 1, 29, 3",
    "v1.30.0-eks-036c24b, 1, 30, 0",
    "v1.28.1+k3s1, 1, 28, 1",
    "1.27, 1, 27, 0",
    "v1.31.2-gke.1059000, 1, 31, 2"
  })
  void kubernetes_versions_parse_vendor_forms(String text, int major, int minor, int patch) {
    KubernetesVersion version = KubernetesVersion.parse(text);

    assertThat(version.major()).isEqualTo(major);
    assertThat(version.minor()).isEqualTo(minor);
    assertThat(version.patch()).isEqualTo(patch);
  }

  @Test
  void kubernetes_major_and_minor_fields_drop_vendor_decorations() {
    assertThat(KubernetesVersion.fromMajorMinor("1", "28+").minorVersion()).isEqualTo("1.28");
    assertThatThrownBy(() -> KubernetesVersion.fromMajorMinor("1", "+"))
        .hasMessageContaining("holds no number");
  }

  @Test
  void malformed_kubernetes_versions_are_refused() {
    assertThatThrownBy(() -> KubernetesVersion.parse("latest"))
        .hasMessageContaining("not a Kubernetes version");
  }
}
