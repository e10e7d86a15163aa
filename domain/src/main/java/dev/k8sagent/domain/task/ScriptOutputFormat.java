package dev.k8sagent.domain.task;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * The line format the script-pod runner writes to a task's output file, one line per output line:
 *
 * <pre>
 * &lt;ISO-8601 timestamp&gt;|&lt;line number&gt;|&lt;stdout|stderr|debug&gt;|&lt;text&gt;
 * 2026-11-24T10:00:01Z|1|stdout|Deploying web
 * 2026-11-24T10:00:02Z|2|stderr|warning: a|b|c     (the text may hold '|')
 * 2026-11-24T10:00:03Z|3|debug|EOS-075CD4F0-8C76-491D-BA76-0879D35E9CFE&lt;&lt;&gt;&gt;0
 * </pre>
 *
 * <p>Numbers start at 1 and count every line of both streams. The last line is a debug line whose
 * text is the end-of-stream marker followed by the script's exit code. This is the one place that
 * reads and writes the format.
 */
public final class ScriptOutputFormat {
  /** Text of the last line, followed by the exit code. */
  public static final String END_MARKER = "EOS-075CD4F0-8C76-491D-BA76-0879D35E9CFE<<>>";

  private ScriptOutputFormat() {}

  /** What one complete line of the output file says. */
  public sealed interface Parsed {
    /** An output line. */
    record Line(OutputLine line) implements Parsed {}

    /**
     * The end marker: the script finished with {@code exitCode}; {@code sequence} is its number.
     */
    record End(long sequence, ExitCode exitCode, Instant occurred) implements Parsed {}

    /** Not in the format; {@code reason} says why. The line is not shown to the server. */
    record Malformed(String raw, String reason) implements Parsed {}
  }

  /** Formats an output line (the runner does the same in shell). */
  public static String format(OutputLine line) {
    return line.occurred()
        + "|"
        + line.sequence()
        + "|"
        + line.source().token()
        + "|"
        + line.text();
  }

  /** Formats the end marker line. */
  public static String formatEnd(long sequence, ExitCode exitCode, Instant occurred) {
    return occurred
        + "|"
        + sequence
        + "|"
        + OutputSource.DEBUG.token()
        + "|"
        + END_MARKER
        + exitCode.value();
  }

  /**
   * Parses one line, without its line terminator; a trailing carriage return is dropped from the
   * text. Never throws for any input.
   */
  public static Parsed parse(String raw) {
    Objects.requireNonNull(raw, "raw");
    String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
    int first = line.indexOf('|');
    int second = first < 0 ? -1 : line.indexOf('|', first + 1);
    int third = second < 0 ? -1 : line.indexOf('|', second + 1);
    if (third < 0) {
      return new Parsed.Malformed(raw, "fewer than four '|'-separated fields");
    }
    Instant occurred;
    try {
      occurred = parseTimestamp(line.substring(0, first));
    } catch (DateTimeParseException e) {
      return new Parsed.Malformed(raw, "the timestamp is not ISO-8601");
    }
    long sequence;
    try {
      sequence = Long.parseLong(line.substring(first + 1, second));
    } catch (NumberFormatException e) {
      return new Parsed.Malformed(raw, "the line number is not a number");
    }
    if (sequence < 1) {
      return new Parsed.Malformed(raw, "line numbers start at 1");
    }
    OutputSource source;
    try {
      source = OutputSource.fromToken(line.substring(second + 1, third));
    } catch (IllegalArgumentException e) {
      return new Parsed.Malformed(raw, "the source is not stdout, stderr or debug");
    }
    String text = line.substring(third + 1);
    if (source == OutputSource.DEBUG && text.startsWith(END_MARKER)) {
      try {
        int code = Integer.parseInt(text.substring(END_MARKER.length()).strip());
        return new Parsed.End(sequence, ExitCode.of(code), occurred);
      } catch (NumberFormatException e) {
        return new Parsed.Malformed(raw, "the end marker carries no exit code");
      }
    }
    return new Parsed.Line(new OutputLine(sequence, source, text, occurred));
  }

  private static Instant parseTimestamp(String text) {
    Instant usual = parseUtcSeconds(text);
    if (usual != null) {
      return usual;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return OffsetDateTime.parse(text).toInstant();
    }
  }

  /**
   * The shape the runner writes, {@code 2026-11-24T10:00:01Z} with an optional fraction, without
   * the general ISO parser (the hot path when a task prints many lines); {@code null} for any other
   * shape or an impossible date, which the general parser then judges.
   */
  private static Instant parseUtcSeconds(String text) {
    int length = text.length();
    if (length < 20
        || length > 30
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':'
        || text.charAt(length - 1) != 'Z') {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 7);
    int day = digits(text, 8, 10);
    int hour = digits(text, 11, 13);
    int minute = digits(text, 14, 16);
    int second = digits(text, 17, 19);
    int nanos = 0;
    if (length > 20) {
      int fractionDigits = length - 21;
      if (text.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
        return null;
      }
      nanos = digits(text, 20, length - 1);
      for (int i = fractionDigits; i < 9 && nanos >= 0; i++) {
        nanos *= 10;
      }
    }
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || day > 31
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59
        || nanos < 0
        || day > YearMonth.of(year, month).lengthOfMonth()) {
      return null;
    }
    long epochDay = LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(epochDay * 86_400L + hour * 3_600L + minute * 60L + second, nanos);
  }

  /** The decimal number in {@code text[from, to)}, or -1 when a character is not a digit. */
  private static int digits(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
