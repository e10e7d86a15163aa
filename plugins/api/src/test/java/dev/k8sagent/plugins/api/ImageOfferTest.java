package dev.k8sagent.plugins.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageOfferTest {

  @Test
  void a_pull_policy_reads_as_kubernetes_spells_it_in_any_case() {
    assertThat(ImageOffer.PullPolicy.parse("Always")).isEqualTo(ImageOffer.PullPolicy.ALWAYS);
    assertThat(ImageOffer.PullPolicy.parse(" ifnotpresent "))
        .isEqualTo(ImageOffer.PullPolicy.IF_NOT_PRESENT);
    assertThat(ImageOffer.PullPolicy.parse("NEVER")).isEqualTo(ImageOffer.PullPolicy.NEVER);
    assertThatThrownBy(() -> ImageOffer.PullPolicy.parse("sometimes"))
        .hasMessageContaining("Always, IfNotPresent or Never");
  }

  @Test
  void an_offer_keeps_its_policy_secrets_and_priority_as_they_are_added() {
    ImageOffer offer =
        ImageOffer.of("registry.corp/tools:1")
            .withPullPolicy(ImageOffer.PullPolicy.NEVER)
            .withPullSecret("a")
            .withPriority(5)
            .withPullSecret("b");

    assertThat(offer.pullPolicy()).isEqualTo(ImageOffer.PullPolicy.NEVER);
    assertThat(offer.pullSecrets()).containsExactly("a", "b");
    assertThat(offer.priority()).isEqualTo(5);
  }
}
