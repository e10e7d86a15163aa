package dev.k8sagent.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Every value in values.yaml is described, and the chart README's table is exactly what the
 * comments say. To rewrite the table after changing values.yaml: {@code ./mvnw -pl helm test
 * -Dtest=ValuesDocumentationTest -Dvalues.table.write=true}.
 */
class ValuesDocumentationTest {
  private static final Path VALUES = AgentChart.DIRECTORY.resolve("values.yaml");
  private static final Path README = AgentChart.DIRECTORY.resolve("README.md");
  private static final String START = "<!-- values table: start -->\n";
  private static final String END = "<!-- values table: end -->";

  @Test
  void every_value_has_a_description() throws IOException {
    ValuesDocumentation documentation = ValuesDocumentation.read(Files.readString(VALUES));

    assertThat(documentation.undocumented()).as("values without a '# --' comment").isEmpty();
    assertThat(documentation.rows())
        .extracting(ValuesDocumentation.Row::path)
        .contains("agent.acceptEula", "agent.image.tag", "persistence.storageClassName");
  }

  @Test
  void the_readme_table_matches_values_yaml() throws IOException {
    String table = ValuesDocumentation.read(Files.readString(VALUES)).table();
    String readme = Files.readString(README);
    int start = readme.indexOf(START);
    int end = readme.indexOf(END);
    assertThat(start).as("README marker " + START.trim()).isNotNegative();
    assertThat(end).as("README marker " + END).isGreaterThan(start);
    String expected = readme.substring(0, start + START.length()) + table + readme.substring(end);
    if (Boolean.getBoolean("values.table.write")) {
      Files.writeString(README, expected);
      readme = expected;
    }

    assertThat(readme)
        .as("README values table; rewrite it with -Dvalues.table.write=true")
        .isEqualTo(expected);
  }

  @Test
  void a_value_without_a_description_is_found() {
    ValuesDocumentation documentation =
        ValuesDocumentation.read(
            """
            agent:
              # -- Described.
              described: 1
              forgotten: 2
              # -- A whole object is one value.
              resources:
                requests:
                  cpu: 100m
            """);

    assertThat(documentation.undocumented()).containsExactly("agent.forgotten");
    assertThat(documentation.rows())
        .extracting(ValuesDocumentation.Row::path, ValuesDocumentation.Row::defaultJson)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("agent.described", "1"),
            org.assertj.core.groups.Tuple.tuple(
                "agent.resources", "{\"requests\":{\"cpu\":\"100m\"}}"));
  }
}
