package dev.k8sagent.bootstrap.health;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text format (0.0.4) and OpenMetrics 1.0, written for the tests
 * because the Prometheus Java client has no parser of its own. It refuses what a scraper would: a
 * sample outside the family its {@code # TYPE} opened, a family or series given twice, a bad name,
 * label or escape, a value that is not a number, histogram buckets that go down or disagree with
 * the count, and OpenMetrics without its closing {@code # EOF}.
 */
final class StrictExposition {
  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Map<String, List<String>> SUFFIXES =
      Map.of(
          "counter", List.of("", "_total", "_created"),
          "gauge", List.of(""),
          "histogram", List.of("_bucket", "_count", "_sum", "_created"),
          "summary", List.of("", "_count", "_sum", "_created"),
          "info", List.of("", "_info"),
          "stateset", List.of(""),
          "unknown", List.of(""));

  /** One sample: its name, its labels (sorted by name) and its value. */
  record Sample(String name, Map<String, String> labels, double value) {}

  /** The families by name with their type, and every sample in order. */
  record Parsed(Map<String, String> families, List<Sample> samples) {
    List<Sample> named(String name) {
      return samples.stream().filter(s -> s.name().equals(name)).toList();
    }
  }

  private StrictExposition() {}

  static Parsed parse(String text, boolean openMetrics) {
    Map<String, String> families = new LinkedHashMap<>();
    List<Sample> samples = new ArrayList<>();
    Set<String> series = new HashSet<>();
    String family = null;
    boolean ended = false;
    String[] lines = text.split("\n", -1);
    if (!lines[lines.length - 1].isEmpty()) {
      throw new IllegalArgumentException("The exposition does not end with a newline");
    }
    for (int i = 0; i < lines.length - 1; i++) {
      String line = lines[i];
      String where = "line " + (i + 1) + " '" + line + "': ";
      if (ended) {
        throw new IllegalArgumentException(where + "after # EOF");
      }
      if (line.equals("# EOF")) {
        ended = true;
      } else if (line.startsWith("# TYPE ")) {
        String[] parts = line.split(" ", 4);
        family = parts[2];
        require(METRIC_NAME.matcher(family).matches(), where + "bad metric name");
        require(SUFFIXES.containsKey(parts[3]), where + "unknown type");
        require(families.put(family, parts[3]) == null, where + "family given twice");
      } else if (line.startsWith("# HELP ") || line.startsWith("# UNIT ")) {
        String name = line.split(" ", 4)[2];
        require(METRIC_NAME.matcher(name).matches(), where + "bad metric name");
      } else if (line.startsWith("#") || line.isEmpty()) {
        require(!openMetrics, where + "not allowed in OpenMetrics");
      } else {
        Sample sample = sample(line, where);
        require(family != null, where + "sample before any # TYPE");
        String base = family;
        require(
            SUFFIXES.get(families.get(family)).stream()
                .anyMatch(suffix -> sample.name().equals(base + suffix)),
            where + "sample outside its family " + family);
        require(series.add(sample.name() + sample.labels()), where + "series given twice");
        samples.add(sample);
      }
    }
    require(!openMetrics || ended, "OpenMetrics must end with # EOF");
    checkHistograms(families, samples);
    return new Parsed(families, samples);
  }

  private static Sample sample(String line, String where) {
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    require(space > 0, where + "no value");
    Map<String, String> labels = new TreeMap<>();
    String name;
    String rest;
    if (brace >= 0 && brace < space) {
      name = line.substring(0, brace);
      int at = brace + 1;
      while (line.charAt(at) != '}') {
        int equals = line.indexOf('=', at);
        require(equals > at, where + "bad label");
        String label = line.substring(at, equals);
        require(LABEL_NAME.matcher(label).matches(), where + "bad label name " + label);
        require(line.charAt(equals + 1) == '"', where + "label value not quoted");
        StringBuilder value = new StringBuilder();
        int j = equals + 2;
        for (; line.charAt(j) != '"'; j++) {
          char c = line.charAt(j);
          if (c == '\\') {
            char escaped = line.charAt(++j);
            require(escaped == '\\' || escaped == '"' || escaped == 'n', where + "bad escape");
            value.append(escaped == 'n' ? '\n' : escaped);
          } else {
            value.append(c);
          }
        }
        require(labels.put(label, value.toString()) == null, where + "label given twice");
        at = j + 1;
        if (line.charAt(at) == ',') {
          at++;
        }
      }
      rest = line.substring(at + 1);
      require(rest.startsWith(" "), where + "no space before the value");
      rest = rest.substring(1);
    } else {
      name = line.substring(0, space);
      rest = line.substring(space + 1);
    }
    require(METRIC_NAME.matcher(name).matches(), where + "bad metric name");
    String[] valueAndTime = rest.split(" ");
    require(valueAndTime.length <= 2, where + "more than a value and a timestamp");
    return new Sample(name, labels, number(valueAndTime[0], where));
  }

  private static double number(String text, String where) {
    return switch (text) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> {
        try {
          yield Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(where + "value '" + text + "' is not a number");
        }
      }
    };
  }

  private static void checkHistograms(Map<String, String> families, List<Sample> samples) {
    families.forEach(
        (family, type) -> {
          if (!type.equals("histogram")) {
            return;
          }
          Map<Map<String, String>, Double> lastBucket = new LinkedHashMap<>();
          for (Sample sample : samples) {
            Map<String, String> others = new TreeMap<>(sample.labels());
            others.remove("le");
            if (sample.name().equals(family + "_bucket")) {
              Double before = lastBucket.put(others, sample.value());
              require(
                  before == null || before <= sample.value(),
                  family + " buckets go down for " + others);
            } else if (sample.name().equals(family + "_count")) {
              require(
                  Double.valueOf(sample.value()).equals(lastBucket.get(others)),
                  family + "_count differs from its +Inf bucket for " + others);
            }
          }
        });
  }

  private static void require(boolean condition, String problem) {
    if (!condition) {
      throw new IllegalArgumentException(problem);
    }
  }
}
