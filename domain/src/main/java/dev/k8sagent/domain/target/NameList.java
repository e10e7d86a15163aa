package dev.k8sagent.domain.target;

import dev.k8sagent.domain.Require;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An ordered list of distinct, non-blank names (environments, target tags, tenants, tenant tags),
 * as read from a comma-separated setting. Duplicates that differ only in case are kept once.
 */
public record NameList(List<String> names) {
  public NameList {
    Map<String, String> distinct = new LinkedHashMap<>();
    for (String name : names) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("a list of names must not contain blank entries");
      }
      distinct.putIfAbsent(name.strip().toLowerCase(Locale.ROOT), name.strip());
    }
    names = List.copyOf(distinct.values());
  }

  public static NameList empty() {
    return new NameList(List.of());
  }

  /** "a, b,,c " → [a, b, c]: empty entries between commas are skipped, each entry trimmed. */
  public static NameList parseCommaSeparated(String text) {
    List<String> names = new ArrayList<>();
    if (text != null) {
      for (String part : text.split(",")) {
        if (!part.isBlank()) {
          names.add(part.strip());
        }
      }
    }
    return new NameList(names);
  }

  /** The same list, or an error naming {@code setting} when it has no entries. */
  public NameList requireAtLeastOne(String setting) {
    if (names.isEmpty()) {
      throw new IllegalArgumentException(
          Require.nonBlank(setting, "setting") + " needs at least one name");
    }
    return this;
  }

  public boolean isEmpty() {
    return names.isEmpty();
  }

  public int size() {
    return names.size();
  }

  @Override
  public String toString() {
    return String.join(", ", names);
  }
}
