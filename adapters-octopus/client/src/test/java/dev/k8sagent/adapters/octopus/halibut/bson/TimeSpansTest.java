package dev.k8sagent.adapters.octopus.halibut.bson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimeSpansTest {
  @ParameterizedTest
  @CsvSource({
    "00:05:00, PT5M",
    "00:01:00, PT1M",
    "1.02:03:04.5000000, PT26H3M4.5S",
    "24.20:31:23.6470000, PT596H31M23.647S",
    "-00:00:00.0010000, PT-0.001S",
    "00:00:00, PT0S"
  })
  void dotnet_constant_format_round_trips(String text, String iso) {
    Duration duration = Duration.parse(iso);
    assertEquals(duration, TimeSpans.parse(text));
    assertEquals(text, TimeSpans.format(duration));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5 minutes", "00:60:00", "24:00:00", "1:2", "00:00:00.12345678"})
  void other_text_is_refused_with_its_value(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TimeSpans.parse(text));
    assertEquals(true, e.getMessage().contains("'" + text + "'"));
  }
}
