package dev.k8sagent.domain.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CloseMatchesTest {
  @ParameterizedTest
  @CsvSource({"kitten,sitting,3", "'',abc,3", "same,same,0", "flaw,lawn,2"})
  void distance_counts_single_character_edits(String a, String b, int expected) {
    assertThat(CloseMatches.distance(a, b)).isEqualTo(expected);
    assertThat(CloseMatches.distance(b, a)).isEqualTo(expected);
  }

  @Test
  void a_misspelt_name_finds_the_names_it_was_probably_meant_to_be_closest_first() {
    List<String> known = List.of("http-port", "plugins-directory", "pods", "log-format");

    assertThat(CloseMatches.to("http-prot", known)).containsExactly("http-port");
    assertThat(CloseMatches.to("POD", known)).containsExactly("pods");
    assertThat(CloseMatches.to("plugin", known)).containsExactly("plugins-directory");
  }

  @Test
  void a_name_like_none_of_them_finds_nothing() {
    assertThat(CloseMatches.to("retention", List.of("http-port", "pods"))).isEmpty();
    assertThat(CloseMatches.didYouMean("retention", List.of("http-port", "pods"))).isEmpty();
  }

  @Test
  void did_you_mean_quotes_at_most_three_candidates() {
    assertThat(CloseMatches.didYouMean("Prod", List.of("Production", "Prod-EU", "Prod-US", "Pro")))
        .isEqualTo(" (did you mean 'Pro', 'Prod-EU', 'Prod-US'?)");
    assertThat(CloseMatches.didYouMean("stagin", List.of("Staging")))
        .isEqualTo(" (did you mean 'Staging'?)");
  }
}
