package dev.k8sagent.domain.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k8sagent.domain.task.ScriptOutputFormat.Parsed;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScriptOutputFormatTest {
  private static final Instant AT = Instant.parse("2026-11-24T10:00:01Z");

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      value = {
        "2026-11-24T10:00:01Z|1|stdout|Deploying web;1;STDOUT;Deploying web",
        "2026-11-24T10:00:01Z|2|stderr|a|b||c;2;STDERR;a|b||c",
        "2026-11-24T10:00:01Z|3|debug|;3;DEBUG;''",
        "2026-11-24T11:00:01+01:00|5|StdOut|offset time;5;STDOUT;offset time"
      })
  void output_lines_keep_number_source_and_text_including_pipes(
      String raw, long sequence, OutputSource source, String text) {
    Parsed parsed = ScriptOutputFormat.parse(raw);

    assertThat(parsed).isInstanceOf(Parsed.Line.class);
    OutputLine line = ((Parsed.Line) parsed).line();
    assertThat(line.sequence()).isEqualTo(sequence);
    assertThat(line.source()).isEqualTo(source);
    assertThat(line.text()).isEqualTo(text == null ? "" : text);
    assertThat(line.occurred()).isEqualTo(AT);
  }

  @Test
  void a_carriage_return_before_the_newline_is_not_part_of_the_text() {
    Parsed parsed = ScriptOutputFormat.parse("2026-11-24T10:00:01Z|4|stdout|windows line\r");

    assertThat(((Parsed.Line) parsed).line().text()).isEqualTo("windows line");
  }

  @ParameterizedTest
  @CsvSource({"0, 0", "3, 3", "-1, -1", "137, 137"})
  void the_end_marker_carries_the_exit_code(String written, int exitCode) {
    Parsed parsed =
        ScriptOutputFormat.parse(
            "2026-11-24T10:00:01Z|9|debug|EOS-075CD4F0-8C76-491D-BA76-0879D35E9CFE<<>>" + written);

    assertThat(parsed).isEqualTo(new Parsed.End(9, ExitCode.of(exitCode), AT));
  }

  @Test
  void the_marker_on_stdout_is_only_text_a_script_printed() {
    Parsed parsed =
        ScriptOutputFormat.parse(
            "2026-11-24T10:00:01Z|9|stdout|EOS-075CD4F0-8C76-491D-BA76-0879D35E9CFE<<>>0");

    assertThat(parsed).isInstanceOf(Parsed.Line.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "no pipes at all",
        "2026-11-24T10:00:01Z|1|stdout",
        "yesterday|1|stdout|x",
        "2026-11-24T10:00:01Z|one|stdout|x",
        "2026-11-24T10:00:01Z|0|stdout|x",
        "2026-11-24T10:00:01Z|1|console|x",
        "2026-11-24T10:00:01Z|1|debug|EOS-075CD4F0-8C76-491D-BA76-0879D35E9CFE<<>>",
        "2026-11-24T10:00:01Z|99999999999999999999|stdout|x"
      })
  void lines_outside_the_format_are_malformed_with_a_reason(String raw) {
    Parsed parsed = ScriptOutputFormat.parse(raw);

    assertThat(parsed).isInstanceOf(Parsed.Malformed.class);
    assertThat(((Parsed.Malformed) parsed).reason()).isNotBlank();
  }

  @Test
  void formatting_and_parsing_round_trip() {
    OutputLine line = new OutputLine(42, OutputSource.STDERR, "x | y", AT);

    assertThat(ScriptOutputFormat.parse(ScriptOutputFormat.format(line)))
        .isEqualTo(new Parsed.Line(line));
    assertThat(ScriptOutputFormat.parse(ScriptOutputFormat.formatEnd(43, ExitCode.of(2), AT)))
        .isEqualTo(new Parsed.End(43, ExitCode.of(2), AT));
  }

  /** Odd input of every kind (random bytes decoded leniently, as a torn or binary file gives). */
  @Test
  void no_input_makes_the_parser_throw() {
    SplittableRandom random = new SplittableRandom(20261124);
    String[] seeds = {
      "2026-11-24T10:00:01Z|1|stdout|", "|||", "2026-11-24T10:00:01Z|", "EOS-075CD4F0", "\r\u0000|"
    };
    for (int i = 0; i < 20_000; i++) {
      byte[] noise = new byte[random.nextInt(0, 40)];
      random.nextBytes(noise);
      String raw = seeds[random.nextInt(seeds.length)] + new String(noise, StandardCharsets.UTF_8);
      assertThat(ScriptOutputFormat.parse(raw)).isNotNull();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "2026-11-24T10:00:01Z|1|stdout|Deploying web",
        "2026-11-24T10:00:01.123456789Z|18|stderr|a|b||c\r",
        "2026-11-24T10:00:01Z|3|debug|",
        "2026-11-24T10:00:01Z|3|debug|EOS-075CD4F0-8C76-491D-BA76-0879D35E9CFE<<>>7",
        "2026-11-24T10:00:01Z|3|debug|EOS-075CD4F0-8C76-491D-BA76-0879D35E9CFE<<>>",
        "2026-11-24T10:00:01Z|3|stdout|EOS-075CD4F0-8C76-491D-BA76-0879D35E9CFE<<>>0",
        "2026-11-24T11:00:01+01:00|5|StdOut|offset time",
        "2026-11-24T10:00:01Z|+5|stdout|signed",
        "2026-11-24T10:00:01Z|007|stdout|zeros",
        "2026-11-24T10:00:01Z|1234567890123456789|stdout|nineteen digits",
        "2026-11-24T10:00:01Z|0|stdout|zero",
        "2026-02-29T10:00:01Z|1|stdout|no such day",
        "2026-11-24T10:00:01Z|1|stdou|t|short source",
        "2026-11-24T10:00:01Z||stdout|no number",
        "2026|11-24T10:00:01Z|1|stdout|bar in the time",
        "\r",
        "",
        "2026-11-24T10:00:01Z|1|stdout|caf\u00e9 \u65e5\u672c \ud83d\ude00 and a tab\t"
      })
  void bytes_parse_as_their_decoded_text(String raw) {
    byte[] bytes = ("xx" + raw + "yy").getBytes(StandardCharsets.UTF_8);

    assertThat(ScriptOutputFormat.parse(bytes, 2, bytes.length - 4))
        .isEqualTo(ScriptOutputFormat.parse(raw));
  }

  /** Invalid UTF-8, control bytes, bars and carriage returns anywhere in a runner's line. */
  @Test
  void any_bytes_parse_as_their_decoded_text() {
    SplittableRandom random = new SplittableRandom(20261130);
    byte[] line =
        "2026-11-24T10:00:01.25Z|12|stderr|caf\u00e9 text".getBytes(StandardCharsets.UTF_8);
    ScriptOutputFormat.LineReader lines = new ScriptOutputFormat.LineReader();
    byte[] odd = {
      '|', '\r', '\n', 0, 9, '0', 'Z', (byte) 0x80, (byte) 0xC3, (byte) 0xE6, (byte) 0xFF
    };
    for (int i = 0; i < 50_000; i++) {
      byte[] bytes = line.clone();
      for (int changes = random.nextInt(1, 4); changes > 0; changes--) {
        bytes[random.nextInt(bytes.length)] =
            random.nextBoolean() ? odd[random.nextInt(odd.length)] : (byte) random.nextInt(256);
      }
      int length = random.nextInt(bytes.length + 1);

      assertThat(ScriptOutputFormat.parse(bytes, 0, length))
          .as("%s", new String(bytes, 0, length, StandardCharsets.ISO_8859_1))
          .isEqualTo(
              ScriptOutputFormat.parse(new String(bytes, 0, length, StandardCharsets.UTF_8)));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "2026-11-24T10:00:01Z",
        "2026-11-24T10:00:01.5Z",
        "2026-11-24T10:00:01.123456789Z",
        "2024-02-29T23:59:59Z",
        "1970-01-01T00:00:00Z",
        "2026-02-29T10:00:00Z",
        "2026-04-31T10:00:00Z",
        "2026-13-01T10:00:00Z",
        "2026-11-24T24:00:00Z",
        "2026-11-24T10:60:00Z",
        "2026-11-24T10:00:60Z",
        "2026-11-24T10:00:01.Z",
        "2026-11-24T10:00:01.1234567890Z",
        "2026-11-24T10:0a:01Z",
        "2026-11-24t10:00:01Z",
        "2026-11-24T10:00:01+02:00"
      })
  void the_runners_timestamps_read_as_the_iso_parser_reads_them(String timestamp) {
    Parsed parsed = ScriptOutputFormat.parse(timestamp + "|1|stdout|text");

    Instant expected = isoInstant(timestamp);
    if (expected == null) {
      assertThat(parsed).isInstanceOf(Parsed.Malformed.class);
    } else {
      assertThat(parsed).isInstanceOf(Parsed.Line.class);
      assertThat(((Parsed.Line) parsed).line().occurred()).isEqualTo(expected);
    }
  }

  private static Instant isoInstant(String text) {
    try {
      return Instant.parse(text);
    } catch (java.time.format.DateTimeParseException notInstant) {
      try {
        return java.time.OffsetDateTime.parse(text).toInstant();
      } catch (java.time.format.DateTimeParseException notOffset) {
        return null;
      }
    }
  }
}
