package dev.k8sagent.bootstrap.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The test parser refuses what a scraper refuses, so a test that parses proves something. */
class StrictExpositionTest {
  @Test
  void a_well_formed_exposition_is_read_with_its_escapes() {
    StrictExposition.Parsed parsed =
        StrictExposition.parse(
            "# HELP a_total A.\n# TYPE a_total counter\na_total{x=\"q\\\"\\\\\\n\"} 3.0\n", false);

    assertThat(parsed.named("a_total").get(0).labels()).containsEntry("x", "q\"\\\n");
    assertThat(parsed.named("a_total").get(0).value()).isEqualTo(3.0);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "b 1\n",
        "# TYPE a gauge\nb 1\n",
        "# TYPE a gauge\na 1\na 2\n",
        "# TYPE a gauge\na{x=\"\\t\"} 1\n",
        "# TYPE a gauge\na one\n",
        "# TYPE a gauge\n# TYPE a gauge\n",
        "# TYPE a gauge\na{1x=\"v\"} 1\n",
        "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n",
        "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_count 3\n",
        "# TYPE a gauge\na 1"
      })
  void a_malformed_exposition_is_refused(String text) {
    assertThatThrownBy(() -> StrictExposition.parse(text, false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void openmetrics_must_end_with_eof() {
    assertThatThrownBy(() -> StrictExposition.parse("# TYPE a gauge\na 1\n", true))
        .hasMessageContaining("# EOF");
    assertThat(StrictExposition.parse("# TYPE a gauge\na 1\n# EOF\n", true).samples()).hasSize(1);
  }
}
