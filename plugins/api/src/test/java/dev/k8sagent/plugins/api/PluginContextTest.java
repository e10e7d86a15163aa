package dev.k8sagent.plugins.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PluginContextTest {

  @Test
  void a_plugin_setting_has_one_environment_variable_by_the_documented_rule() {
    assertThat(PluginContext.variableFor("registry-mirror", "pull-secret"))
        .isEqualTo("K8SAGENT_PLUGIN__REGISTRY_MIRROR__PULL_SECRET");
  }

  @Test
  void the_environment_gives_each_plugin_only_its_own_settings() {
    Map<String, String> environment =
        Map.of(
            "K8SAGENT_PLUGIN__REGISTRY_MIRROR__PULL_SECRET", "mirror-pull",
            "K8SAGENT_PLUGIN__REGISTRY_MIRROR_EXTRA__PULL_SECRET", "other",
            "K8SAGENT_PLUGINS_DIRECTORY", "/plugins");

    assertThat(PluginContext.fromEnvironment("registry-mirror", environment))
        .containsExactly(Map.entry("pull-secret", "mirror-pull"));
  }

  @Test
  void a_missing_required_setting_names_both_ways_to_set_it() {
    PluginContext context = new PluginContext("registry-mirror", Map.of("registry", " "));

    assertThat(context.setting("registry")).isEmpty();
    assertThatThrownBy(() -> context.required("registry"))
        .hasMessageContaining("k8s-agent.plugins.registry-mirror.registry")
        .hasMessageContaining("K8SAGENT_PLUGIN__REGISTRY_MIRROR__REGISTRY");
  }
}
