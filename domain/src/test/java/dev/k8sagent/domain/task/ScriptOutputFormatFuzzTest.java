package dev.k8sagent.domain.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import dev.k8sagent.domain.task.ScriptOutputFormat.Parsed;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Fuzzes the one parser of the runner's output file. In a plain build the seeds and any saved
 * findings are replayed; {@code JAZZER_FUZZ=1 ./mvnw -pl domain test
 * -Dtest=ScriptOutputFormatFuzzTest} explores new inputs.
 */
class ScriptOutputFormatFuzzTest {

  @FuzzTest(maxDuration = "20s")
  void anyLineParsesToOneOfThreeAnswersWithoutThrowing(@NotNull byte[] bytes) {
    // Bytes as the reader sees them: invalid UTF-8 becomes replacement characters.
    String raw = new String(bytes, StandardCharsets.UTF_8);
    Parsed parsed = ScriptOutputFormat.parse(raw);
    assertNotNull(parsed);
    if (parsed instanceof Parsed.Line line) {
      OutputLine read = line.line();
      assertTrue(read.sequence() >= 1, "accepted line numbers start at 1");
      assertFalse(
          read.text().startsWith(ScriptOutputFormat.END_MARKER)
              && read.source() == OutputSource.DEBUG,
          "an end marker is never passed on as text");
      // What was accepted formats back to the same fields.
      Parsed again = ScriptOutputFormat.parse(ScriptOutputFormat.format(read));
      assertEquals(new Parsed.Line(read), again);
    } else if (parsed instanceof Parsed.Malformed malformed) {
      assertEquals(raw, malformed.raw());
      assertFalse(malformed.reason().isBlank(), "a malformed line says why");
    }
  }

  @FuzzTest(maxDuration = "20s")
  void anyBytesParseAsTheirDecodedText(@NotNull byte[] bytes) {
    assertEquals(
        ScriptOutputFormat.parse(new String(bytes, StandardCharsets.UTF_8)),
        ScriptOutputFormat.parse(bytes, 0, bytes.length));
  }

  @FuzzTest(maxDuration = "20s")
  void anyTextSurvivesFormatAndParse(@NotNull String text, long number, boolean stderr) {
    if (text.indexOf('\n') >= 0 || text.endsWith("\r")) {
      return; // the runner splits on newlines and drops a trailing CR; neither reaches a line
    }
    long sequence = number == Long.MIN_VALUE ? 1 : Math.max(1, Math.abs(number));
    OutputLine line =
        new OutputLine(
            sequence,
            stderr ? OutputSource.STDERR : OutputSource.STDOUT,
            text,
            Instant.parse("2026-11-24T10:00:01.123Z"));
    assertEquals(new Parsed.Line(line), ScriptOutputFormat.parse(ScriptOutputFormat.format(line)));
  }
}
