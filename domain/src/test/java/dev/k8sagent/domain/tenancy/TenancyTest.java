package dev.k8sagent.domain.tenancy;

import static dev.k8sagent.domain.tenancy.TenantedDeploymentParticipation.TENANTED;
import static dev.k8sagent.domain.tenancy.TenantedDeploymentParticipation.TENANTED_OR_UNTENANTED;
import static dev.k8sagent.domain.tenancy.TenantedDeploymentParticipation.UNTENANTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class TenancyTest {

  static Stream<Arguments> validCombinations() {
    return Stream.of(
        Arguments.of(UNTENANTED, List.of(), List.of()),
        Arguments.of(TENANTED, List.of("Acme"), List.of()),
        Arguments.of(TENANTED, List.of(), List.of("Region/EU")),
        Arguments.of(TENANTED_OR_UNTENANTED, List.of(), List.of()),
        Arguments.of(TENANTED_OR_UNTENANTED, List.of("Acme"), List.of("Region/EU")));
  }

  @ParameterizedTest(name = "{0} with tenants {1} and tags {2}")
  @MethodSource("validCombinations")
  void accepts_the_combinations_octopus_accepts(
      TenantedDeploymentParticipation participation, List<String> tenants, List<String> tags) {
    assertThat(new Tenancy(participation, tenants, tags).participation()).isEqualTo(participation);
  }

  @Test
  void tenanted_without_any_tenant_or_tag_is_an_error() {
    assertThatThrownBy(() -> new Tenancy(TENANTED, List.of(), List.of()))
        .hasMessageContaining("needs at least one tenant");
  }

  @Test
  void untenanted_with_tenants_is_an_error_that_names_them() {
    assertThatThrownBy(() -> new Tenancy(UNTENANTED, List.of("Acme", "Globex"), List.of("R/EU")))
        .hasMessageContaining("tenants Acme, Globex and tenant tags R/EU");
  }

  @Test
  void tenant_tags_name_their_tag_set() {
    assertThatThrownBy(() -> new Tenancy(TENANTED, List.of(), List.of("EU")))
        .hasMessageContaining("'<tag set>/<tag>'");
  }

  @ParameterizedTest
  @CsvSource({
    "Untenanted, UNTENANTED",
    "tenanted, TENANTED",
    "TenantedOrUntenanted, TENANTED_OR_UNTENANTED",
    "'', UNTENANTED"
  })
  void participation_parses_the_charts_spelling(
      String text, TenantedDeploymentParticipation value) {
    assertThat(TenantedDeploymentParticipation.parse(text)).isEqualTo(value);
  }

  @Test
  void an_unknown_participation_lists_the_choices() {
    assertThatThrownBy(() -> TenantedDeploymentParticipation.parse("Sometimes"))
        .hasMessageContaining("Untenanted, Tenanted, TenantedOrUntenanted");
  }
}
