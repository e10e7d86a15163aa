package dev.k8sagent.bootstrap.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code k8s-agent bench} measures and how much of it. Each size or count is bounded, so a
 * typo cannot ask for a terabyte.
 *
 * @param transferMiB bytes uploaded to the agent, then downloaded back, and copied raw as the
 *     baseline
 * @param rpcs small RPCs sent over {@code connections} polling connections
 * @param connections polling connections the agent keeps
 * @param tasks scripts run at once for the output figure
 * @param lines lines each of those scripts prints
 * @param jdkTls whether the agent is made to use the JDK's TLS instead of the best engine here
 * @param json whether the report is one JSON object instead of text
 */
public record BenchOptions(
    int transferMiB,
    int rpcs,
    int connections,
    int tasks,
    int lines,
    boolean jdkTls,
    boolean json) {

  private record Number(String name, String meaning, int min, int max) {}

  private static final List<Number> NUMBERS =
      List.of(
          new Number("--size-mib", "MiB uploaded, downloaded and copied raw", 1, 65_536),
          new Number("--rpcs", "small RPCs to send", 1, 10_000_000),
          new Number("--connections", "polling connections", 1, 64),
          new Number("--tasks", "scripts running at once for the output figure", 1, 2_000),
          new Number("--lines", "lines each of those scripts prints", 1, 10_000_000));

  /** A bench of a few seconds to a minute on a laptop. */
  public static final BenchOptions DEFAULTS =
      new BenchOptions(256, 10_000, 5, 20, 2_000, false, false);

  public BenchOptions {
    int[] values = {transferMiB, rpcs, connections, tasks, lines};
    for (int i = 0; i < NUMBERS.size(); i++) {
      check(NUMBERS.get(i), values[i]);
    }
  }

  /** The numbers, in the order of {@link #NUMBERS}. */
  private int[] numbers() {
    return new int[] {transferMiB, rpcs, connections, tasks, lines};
  }

  /**
   * Reads {@code --name value} or {@code --name=value} options over the defaults.
   *
   * @throws IllegalArgumentException naming the option that is unknown, lacks a value or has a bad
   *     one
   */
  public static BenchOptions parse(List<String> arguments) {
    int[] values = DEFAULTS.numbers();
    boolean jdkTls = false;
    boolean json = false;
    for (int i = 0; i < arguments.size(); i++) {
      String argument = arguments.get(i);
      String name =
          argument.contains("=") ? argument.substring(0, argument.indexOf('=')) : argument;
      if (name.equals("--json") || name.equals("--jdk-tls")) {
        if (!name.equals(argument)) {
          throw new IllegalArgumentException("Option " + name + " takes no value: " + argument);
        }
        json |= name.equals("--json");
        jdkTls |= name.equals("--jdk-tls");
        continue;
      }
      int index = indexOf(name);
      String value;
      if (!name.equals(argument)) {
        value = argument.substring(name.length() + 1);
      } else if (i + 1 < arguments.size()) {
        value = arguments.get(++i);
      } else {
        throw new IllegalArgumentException("Option " + name + " needs a value");
      }
      values[index] = number(NUMBERS.get(index), value);
    }
    return new BenchOptions(values[0], values[1], values[2], values[3], values[4], jdkTls, json);
  }

  /** The options, one line each, for {@code bench --help}. */
  public static List<String> help() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < NUMBERS.size(); i++) {
      Number number = NUMBERS.get(i);
      lines.add(
          String.format(
              Locale.ROOT,
              "  %-17s %s (default %d, %d to %d)",
              number.name() + " N",
              number.meaning(),
              DEFAULTS.numbers()[i],
              number.min(),
              number.max()));
    }
    lines.add(
        String.format(Locale.ROOT, "  %-17s %s", "--jdk-tls", "use the JDK's TLS, not OpenSSL"));
    lines.add(String.format(Locale.ROOT, "  %-17s %s", "--json", "print one JSON object"));
    return lines;
  }

  private static int indexOf(String name) {
    for (int i = 0; i < NUMBERS.size(); i++) {
      if (NUMBERS.get(i).name().equals(name)) {
        return i;
      }
    }
    List<String> known = new ArrayList<>();
    NUMBERS.forEach(n -> known.add(n.name()));
    known.add("--jdk-tls");
    known.add("--json");
    throw new IllegalArgumentException(
        "Unknown option " + name + "; the options are " + String.join(", ", known));
  }

  private static int number(Number number, String text) {
    int value;
    try {
      value = Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Option " + number.name() + " needs a whole number, got '" + text + "'");
    }
    check(number, value);
    return value;
  }

  private static void check(Number number, int value) {
    if (value < number.min() || value > number.max()) {
      throw new IllegalArgumentException(
          "Option "
              + number.name()
              + " must be from "
              + number.min()
              + " to "
              + number.max()
              + ", got "
              + value);
    }
  }
}
