package dev.k8sagent.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PluginSettingsTest {

  @Test
  void a_plugin_reads_its_file_section_with_its_variables_winning() {
    Config file =
        ConfigFactory.parseString(
                "k8s-agent.plugins.registry-mirror { registry = \"file.corp\", pull-secret = mirror }\n"
                    + "k8s-agent.plugins.cloud-cli.image = \"aws/cli:2\"\n"
                    + "k8s-agent.plugin-call-timeout = 2s\n"
                    + "k8s-agent.plugin-lifecycle-timeout = 20s")
            .withFallback(ConfigFactory.load());
    Map<String, String> env = AgentSettingsTest.chartEnvironment();
    env.put("K8SAGENT_PLUGIN__REGISTRY_MIRROR__REGISTRY", "env.corp");

    PluginSettings plugins = AgentSettings.from(file, env).plugins();

    assertThat(plugins.callTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(plugins.lifecycleTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(plugins.settingsOf("registry-mirror"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("registry", "env.corp", "pull-secret", "mirror"));
    assertThat(plugins.settingsOf("cloud-cli")).containsExactly(Map.entry("image", "aws/cli:2"));
    assertThat(plugins.settingsOf("unknown")).isEmpty();
  }

  @Test
  void a_plugin_setting_outside_a_plugin_section_and_a_zero_time_limit_are_refused() {
    Config file =
        ConfigFactory.parseString(
                "k8s-agent.plugins.registry = \"file.corp\"\nk8s-agent.plugin-call-timeout = 0s\n"
                    + "k8s-agent.plugin-lifecycle-timeout = -1s")
            .withFallback(ConfigFactory.load());

    assertThatThrownBy(() -> AgentSettings.from(file, AgentSettingsTest.chartEnvironment()))
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .anySatisfy(
                        p -> assertThat(p).contains("k8s-agent.plugins.registry must be a section"))
                    .anySatisfy(p -> assertThat(p).contains("K8SAGENT_PLUGIN_CALL_TIMEOUT"))
                    .anySatisfy(p -> assertThat(p).contains("K8SAGENT_PLUGIN_LIFECYCLE_TIMEOUT")));
  }
}
