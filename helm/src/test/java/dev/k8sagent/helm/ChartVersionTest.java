package dev.k8sagent.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chart, its default image and the agent are released together under one version. */
class ChartVersionTest {

  /** The Maven project's version, handed to the tests by the build. */
  static String projectVersion() {
    String version = System.getProperty("project.version");
    assertThat(version).as("system property project.version (set in helm/pom.xml)").isNotBlank();
    return version;
  }

  @Test
  void chart_version_and_app_version_are_the_projects() throws IOException {
    Map<String, Object> chart =
        new org.yaml.snakeyaml.Yaml()
            .load(Files.readString(AgentChart.DIRECTORY.resolve("Chart.yaml")));

    assertThat(chart).containsEntry("version", projectVersion());
    assertThat(chart).containsEntry("appVersion", projectVersion());
  }
}
