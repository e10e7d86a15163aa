package dev.k8sagent.adapters.octopus.halibut.bson;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * .NET {@code TimeSpan} in its constant text form {@code [-][d.]hh:mm:ss[.fffffff]}, as Json.NET
 * writes it: {@code 00:05:00}, {@code 1.02:03:04.5000000}, {@code 24.20:31:23.6470000}.
 */
public final class TimeSpans {
  private static final Pattern FORMAT =
      Pattern.compile("(-)?(?:(\\d{1,8})\\.)?(\\d{1,2}):(\\d{1,2}):(\\d{1,2})(?:\\.(\\d{1,7}))?");
  private static final long TICKS_PER_SECOND = 10_000_000L;

  private TimeSpans() {}

  /**
   * Parses the constant format; hours below 24, minutes and seconds below 60.
   *
   * @throws IllegalArgumentException naming the text when it is not a TimeSpan
   */
  public static Duration parse(String text) {
    Matcher m = FORMAT.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a .NET TimeSpan ([-][d.]hh:mm:ss[.fffffff])");
    }
    long days = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
    int hours = Integer.parseInt(m.group(3));
    int minutes = Integer.parseInt(m.group(4));
    int seconds = Integer.parseInt(m.group(5));
    if (hours > 23 || minutes > 59 || seconds > 59) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not a .NET TimeSpan: hours must be below 24, minutes and seconds below 60");
    }
    long ticks = 0;
    if (m.group(6) != null) {
      String fraction = (m.group(6) + "000000").substring(0, 7);
      ticks = Long.parseLong(fraction);
    }
    Duration value =
        Duration.ofDays(days)
            .plusHours(hours)
            .plusMinutes(minutes)
            .plusSeconds(seconds)
            .plusNanos(ticks * 100);
    return m.group(1) != null ? value.negated() : value;
  }

  /** Formats as .NET does: days only when non-zero, seven fraction digits only when non-zero. */
  public static String format(Duration duration) {
    boolean negative = duration.isNegative();
    Duration value = duration.abs();
    long totalTicks = value.getSeconds() * TICKS_PER_SECOND + value.getNano() / 100;
    long days = totalTicks / (86_400 * TICKS_PER_SECOND);
    long rest = totalTicks % (86_400 * TICKS_PER_SECOND);
    long hours = rest / (3600 * TICKS_PER_SECOND);
    rest %= 3600 * TICKS_PER_SECOND;
    long minutes = rest / (60 * TICKS_PER_SECOND);
    rest %= 60 * TICKS_PER_SECOND;
    long seconds = rest / TICKS_PER_SECOND;
    long fraction = rest % TICKS_PER_SECOND;
    StringBuilder out = new StringBuilder();
    if (negative && totalTicks != 0) {
      out.append('-');
    }
    if (days > 0) {
      out.append(days).append('.');
    }
    out.append(String.format("%02d:%02d:%02d", hours, minutes, seconds));
    if (fraction > 0) {
      out.append(String.format(".%07d", fraction));
    }
    return out.toString();
  }
}
