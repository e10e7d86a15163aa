package dev.k8sagent.domain.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k8sagent.domain.tenancy.Tenancy;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TargetRulesTest {

  @ParameterizedTest(name = "''{0}'' becomes ''{1}''")
  @CsvSource({
    "prod, prod",
    "Prod Cluster #1, prod-cluster-1",
    "  --weird__name--  , weird-name",
    "UPPER.case.dots, upper-case-dots",
    "ünïcödé-ok, n-c-d-ok"
  })
  void a_target_name_becomes_a_dns_1123_label_for_namespace_and_release(
      String display, String label) {
    assertThat(new TargetName(display).kubernetesName().value()).isEqualTo(label);
  }

  @Test
  void the_kubernetes_name_is_cut_to_63_characters_without_a_trailing_dash() {
    String display = "a".repeat(62) + "-bcd";
    DnsLabel label = new TargetName(display).kubernetesName();

    assertThat(label.value()).hasSize(62).doesNotEndWith("-");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "###", "---"})
  void a_target_name_without_letters_or_digits_is_refused(String display) {
    assertThatThrownBy(() -> new TargetName(display)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_target_name_knows_when_it_already_is_a_kubernetes_name() {
    assertThat(new TargetName("prod-eu").isKubernetesName()).isTrue();
    assertThat(new TargetName("Prod EU").isKubernetesName()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "default",
        "a",
        "team-1",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
      })
  void valid_namespaces_are_dns_1123_labels(String name) {
    assertThat(new DnsLabel(name).value()).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Default",
        "-a",
        "a-",
        "a_b",
        "a.b",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
      })
  void invalid_namespaces_are_refused_with_the_rule(String name) {
    assertThatThrownBy(() -> new DnsLabel(name)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void environments_and_tags_need_at_least_one_name() {
    assertThatThrownBy(() -> NameList.parseCommaSeparated(" , ").requireAtLeastOne("TargetRole"))
        .hasMessage("TargetRole needs at least one name");
  }

  @Test
  void comma_lists_are_trimmed_and_deduplicated_ignoring_case() {
    NameList list = NameList.parseCommaSeparated(" Dev, test,,DEV ,Prod ");

    assertThat(list.names()).containsExactly("Dev", "test", "Prod");
  }

  @Test
  void a_target_definition_needs_environments_and_tags() {
    assertThatThrownBy(
            () ->
                new TargetDefinition(
                    new TargetName("k8s"),
                    "Default",
                    NameList.empty(),
                    NameList.parseCommaSeparated("web"),
                    Tenancy.untenanted(),
                    Optional.empty(),
                    Optional.empty()))
        .hasMessageContaining("TargetEnvironment");
  }

  @ParameterizedTest
  @ValueSource(strings = {"poll://abcdefghij0123456789/", "poll://00000000000000000000/"})
  void subscription_ids_have_twenty_lower_case_alphanumerics(String uri) {
    assertThat(new SubscriptionId(uri).uri()).isEqualTo(uri);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "poll://ABCDEFGHIJ0123456789/",
        "poll://abc/",
        "poll://abcdefghij0123456789",
        "https://abcdefghij0123456789/",
        "poll://abcdefghij01234567890/"
      })
  void malformed_subscription_ids_are_refused(String uri) {
    assertThatThrownBy(() -> new SubscriptionId(uri))
        .hasMessageContaining("poll://<20 lower-case letters or digits>/");
  }

  @Test
  void generated_subscription_ids_follow_the_rule_and_differ() {
    SplittableRandom random = new SplittableRandom(42);
    List<SubscriptionId> ids =
        List.of(SubscriptionId.generate(random), SubscriptionId.generate(random));

    assertThat(ids.get(0)).isNotEqualTo(ids.get(1));
    assertThat(ids).allSatisfy(id -> assertThat(id.uri()).matches("poll://[a-z0-9]{20}/"));
  }

  @Test
  void thumbprints_are_upper_case_hex_of_sha1() {
    assertThat(new Thumbprint("ab:cd" + "0".repeat(36)).hex()).isEqualTo("ABCD" + "0".repeat(36));
    assertThat(Thumbprint.ofSha1(new byte[20]).hex()).isEqualTo("0".repeat(40));
    assertThatThrownBy(() -> new Thumbprint("XYZ")).hasMessageContaining("40 hexadecimal");
  }
}
