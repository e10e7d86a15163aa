package dev.k8sagent.domain.task;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
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

  /**
   * Parses one line given as UTF-8 bytes, without its line terminator: the same answer as {@link
   * #parse(String)} of the decoded bytes (invalid UTF-8 shown as replacement characters), but only
   * the text is decoded. A line in the runner's usual shape is read from the bytes; anything else
   * goes through {@link #parse(String)}. Never throws for any input.
   */
  public static Parsed parse(byte[] bytes, int from, int length) {
    return parse(bytes, from, length, null);
  }

  /**
   * Parses a runner's lines one after another as {@link #parse(byte[], int, int)} does, remembering
   * the last timestamp read: the runner writes many lines within one second, and those reuse its
   * instant instead of reading the digits again. Not thread-safe; one per output file.
   */
  public static final class LineReader {
    private final byte[] lastStamp = new byte[LONGEST_TIMESTAMP];
    private int lastStampLength;
    private Instant lastInstant;

    public Parsed parse(byte[] bytes, int from, int length) {
      return ScriptOutputFormat.parse(bytes, from, length, this);
    }

    private Instant timestamp(byte[] bytes, int from, int to) {
      int length = to - from;
      if (lastInstant != null
          && length == lastStampLength
          && Arrays.equals(bytes, from, to, lastStamp, 0, length)) {
        return lastInstant;
      }
      Instant read = parseUtcSeconds(bytes, from, to);
      if (read != null) {
        System.arraycopy(bytes, from, lastStamp, 0, length);
        lastStampLength = length;
        lastInstant = read;
      }
      return read;
    }
  }

  private static Parsed parse(byte[] bytes, int from, int length, LineReader timestamps) {
    int end = from + length;
    int lineEnd = length > 0 && bytes[end - 1] == '\r' ? end - 1 : end;
    int first =
        indexOfBar(
            bytes, from + SHORTEST_TIMESTAMP, Math.min(lineEnd, from + LONGEST_TIMESTAMP + 1));
    int second = first < 0 ? -1 : indexOfBar(bytes, first + 2, Math.min(lineEnd, first + 20));
    int third = second < 0 ? -1 : indexOfBar(bytes, second + 6, Math.min(lineEnd, second + 8));
    Instant occurred =
        third < 0
            ? null
            : timestamps == null
                ? parseUtcSeconds(bytes, from, first)
                : timestamps.timestamp(bytes, from, first);
    long sequence = occurred == null ? -1 : number(bytes, first + 1, second);
    OutputSource source = sequence < 1 ? null : source(bytes, second + 1, third);
    if (source == null
        || source == OutputSource.DEBUG
            && startsWith(bytes, third + 1, lineEnd, END_MARKER_BYTES)) {
      return parse(new String(bytes, from, length, StandardCharsets.UTF_8));
    }
    String text = new String(bytes, third + 1, lineEnd - third - 1, StandardCharsets.UTF_8);
    return new Parsed.Line(new OutputLine(sequence, source, text, occurred));
  }

  private static final int SHORTEST_TIMESTAMP = 20;
  private static final int LONGEST_TIMESTAMP = 30;
  private static final byte[] END_MARKER_BYTES = END_MARKER.getBytes(StandardCharsets.US_ASCII);

  private static int indexOfBar(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == '|') {
        return i;
      }
    }
    return -1;
  }

  /** The positive decimal number in {@code bytes[from, to)} of at most 18 digits, else -1. */
  private static long number(byte[] bytes, int from, int to) {
    return to <= from || to - from > 18 ? -1 : digits(bytes, from, to);
  }

  /** The source spelled exactly as the runner writes it in {@code bytes[from, to)}, else null. */
  private static OutputSource source(byte[] bytes, int from, int to) {
    for (int i = 0; i < SOURCES.length; i++) {
      if (to - from == TOKENS[i].length && startsWith(bytes, from, to, TOKENS[i])) {
        return SOURCES[i];
      }
    }
    return null;
  }

  private static final OutputSource[] SOURCES = OutputSource.values();
  private static final byte[][] TOKENS =
      Arrays.stream(SOURCES)
          .map(source -> source.token().getBytes(StandardCharsets.US_ASCII))
          .toArray(byte[][]::new);

  private static boolean startsWith(byte[] bytes, int from, int to, byte[] prefix) {
    return to - from >= prefix.length
        && Arrays.equals(bytes, from, from + prefix.length, prefix, 0, prefix.length);
  }

  private static Instant parseTimestamp(String text) {
    Instant usual = parseUtcSeconds(text.getBytes(StandardCharsets.ISO_8859_1), 0, text.length());
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
   * The shape the runner writes, {@code 2026-11-24T10:00:01Z} with an optional fraction, in {@code
   * text[from, to)}, without the general ISO parser (the hot path when a task prints many lines);
   * {@code null} for any other shape or an impossible date, which the general parser then judges.
   */
  private static Instant parseUtcSeconds(byte[] text, int from, int to) {
    int length = to - from;
    if (length < 20
        || length > 30
        || text[from + 4] != '-'
        || text[from + 7] != '-'
        || text[from + 10] != 'T'
        || text[from + 13] != ':'
        || text[from + 16] != ':'
        || text[to - 1] != 'Z') {
      return null;
    }
    int year = (int) digits(text, from, from + 4);
    int month = (int) digits(text, from + 5, from + 7);
    int day = (int) digits(text, from + 8, from + 10);
    int hour = (int) digits(text, from + 11, from + 13);
    int minute = (int) digits(text, from + 14, from + 16);
    int second = (int) digits(text, from + 17, from + 19);
    int nanos = 0;
    if (length > 20) {
      int fractionDigits = length - 21;
      if (text[from + 19] != '.' || fractionDigits < 1 || fractionDigits > 9) {
        return null;
      }
      nanos = (int) digits(text, from + 20, to - 1);
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
        || day > Month.of(month).length(Year.isLeap(year))) {
      return null;
    }
    long epochDay = LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(epochDay * 86_400L + hour * 3_600L + minute * 60L + second, nanos);
  }

  /** The decimal number in {@code text[from, to)}, or -1 when a character is not a digit. */
  private static long digits(byte[] text, int from, int to) {
    long value = 0;
    for (int i = from; i < to; i++) {
      int digit = text[i] - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      value = value * 10 + digit;
    }
    return value;
  }
}
