package dev.k8sagent.helm;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values as {@code helm --set key=value} builds them, written to a values file. helm-java's own
 * {@code set} hands every value to the chart as a string ({@code "{dev,prod}"} stays a string), so
 * a chart tested through it would pass and break real installs; this class parses the way the
 * command line does: dotted keys nest, {@code {a,b}} is a list, {@code true}/{@code false} are
 * booleans, whole numbers are numbers, anything else is a string.
 */
final class HelmValues {
  private final Map<String, Object> root = new LinkedHashMap<>();

  static HelmValues of(String... keysAndValues) {
    HelmValues values = new HelmValues();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      values.set(keysAndValues[i], keysAndValues[i + 1]);
    }
    return values;
  }

  /** {@code --set key=value}. */
  HelmValues set(String key, String value) {
    return put(key, parse(value));
  }

  /** {@code --set-string key=value}: the value stays a string, whatever it looks like. */
  HelmValues setString(String key, String value) {
    return put(key, value);
  }

  /** A copy with more {@code --set} flags after these. */
  HelmValues with(String... keysAndValues) {
    HelmValues copy = new HelmValues();
    copy.root.putAll(deepCopy(root));
    for (int i = 0; i < keysAndValues.length; i += 2) {
      copy.set(keysAndValues[i], keysAndValues[i + 1]);
    }
    return copy;
  }

  /** A copy without {@code key} (as if its flag had not been given). */
  HelmValues without(String key) {
    HelmValues copy = new HelmValues();
    copy.root.putAll(deepCopy(root));
    String[] path = key.split("\\.");
    Map<String, Object> map = copy.root;
    for (int i = 0; i < path.length - 1; i++) {
      @SuppressWarnings("unchecked")
      Map<String, Object> next = (Map<String, Object>) map.get(path[i]);
      if (next == null) {
        return copy;
      }
      map = next;
    }
    map.remove(path[path.length - 1]);
    return copy;
  }

  /** The value at a dotted key, or null. */
  Object get(String key) {
    Object current = root;
    for (String part : key.split("\\.")) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(part);
    }
    return current;
  }

  Path writeTo(Path file) {
    try {
      Files.writeString(file, new GsonBuilder().setPrettyPrinting().create().toJson(root));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private HelmValues put(String key, Object value) {
    String[] path = key.split("\\.");
    Map<String, Object> map = root;
    for (int i = 0; i < path.length - 1; i++) {
      map = (Map<String, Object>) map.computeIfAbsent(path[i], k -> new LinkedHashMap<>());
    }
    map.put(path[path.length - 1], value);
    return this;
  }

  private static Object parse(String value) {
    if (value.startsWith("{") && value.endsWith("}")) {
      String inner = value.substring(1, value.length() - 1);
      return inner.isEmpty()
          ? List.of()
          : Arrays.stream(inner.split(",")).map(HelmValues::parse).toList();
    }
    if (value.equals("true") || value.equals("false")) {
      return Boolean.valueOf(value);
    }
    if (value.matches("-?[0-9]{1,18}")) {
      return Long.valueOf(value);
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> deepCopy(Map<String, Object> map) {
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach(
        (k, v) -> copy.put(k, v instanceof Map<?, ?> m ? deepCopy((Map<String, Object>) m) : v));
    return copy;
  }
}
