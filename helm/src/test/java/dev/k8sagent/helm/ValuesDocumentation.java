package dev.k8sagent.helm;

import com.google.gson.Gson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values of a values.yaml and the {@code # --} comment above each, read the way the chart's
 * README table is written from them. A key with a comment is one value (its default may be a whole
 * object); a key without one must be a section whose values all have theirs.
 */
record ValuesDocumentation(List<Row> rows, List<String> undocumented) {
  private static final Pattern KEY = Pattern.compile("^( *)([A-Za-z0-9_]+):(.*)$");
  private static final Pattern DESCRIPTION = Pattern.compile("^ *# -- (.+)$");

  /** One documented value. */
  record Row(String path, String defaultJson, String description) {}

  static ValuesDocumentation read(String valuesYaml) {
    Map<String, Object> values = new org.yaml.snakeyaml.Yaml().load(valuesYaml);
    List<Row> rows = new ArrayList<>();
    List<String> undocumented = new ArrayList<>();
    List<String> path = new ArrayList<>();
    int documentedDepth = -1;
    String description = null;
    for (String line : valuesYaml.split("\n")) {
      Matcher comment = DESCRIPTION.matcher(line);
      if (comment.matches()) {
        description = comment.group(1);
        continue;
      }
      Matcher key = KEY.matcher(line);
      if (!key.matches()) {
        continue;
      }
      int depth = key.group(1).length() / 2;
      while (path.size() > depth) {
        path.remove(path.size() - 1);
      }
      path.add(key.group(2));
      if (documentedDepth >= 0 && depth > documentedDepth) {
        description = null;
        continue;
      }
      documentedDepth = -1;
      String dotted = String.join(".", path);
      if (description != null) {
        rows.add(new Row(dotted, new Gson().toJson(lookup(values, path)), description));
        documentedDepth = depth;
      } else if (!key.group(3).isBlank()) {
        undocumented.add(dotted);
      }
      description = null;
    }
    return new ValuesDocumentation(rows, undocumented);
  }

  /** The README's values table. */
  String table() {
    StringBuilder table = new StringBuilder("| Value | Default | Description |\n|---|---|---|\n");
    for (Row row : rows) {
      table
          .append("| `")
          .append(row.path())
          .append("` | `")
          .append(row.defaultJson())
          .append("` | ")
          .append(row.description())
          .append(" |\n");
    }
    return table.toString();
  }

  private static Object lookup(Map<String, Object> values, List<String> path) {
    Object current = values;
    for (String part : path) {
      current = ((Map<?, ?>) current).get(part);
    }
    return current;
  }
}
