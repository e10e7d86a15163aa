package dev.k8sagent.plugins.examples.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k8sagent.plugins.api.ImageOffer;
import dev.k8sagent.plugins.api.PluginContext;
import dev.k8sagent.plugins.api.TaskFacts;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistryMirrorTest {
  private final RegistryMirror mirror = new RegistryMirror();

  @Test
  void the_tools_image_for_the_cluster_comes_from_the_mirror_with_its_pull_secret() {
    mirror.configure(
        new PluginContext(
            "registry-mirror",
            Map.of("registry", "registry.corp:5000/hub/", "pull-secret", "mirror-pull")));

    Optional<ImageOffer> offer = mirror.offerFor(onCluster("1.31"));

    assertThat(offer)
        .contains(
            new ImageOffer(
                "registry.corp:5000/hub/octopusdeploy/kubernetes-agent-tools-base:1.31",
                ImageOffer.PullPolicy.IF_NOT_PRESENT,
                List.of("mirror-pull"),
                RegistryMirror.PRIORITY));
  }

  @Test
  void an_unknown_cluster_version_uses_the_configured_one_or_leaves_the_choice_to_others() {
    mirror.configure(new PluginContext("registry-mirror", Map.of("registry", "mirror.local")));
    assertThat(mirror.offerFor(TaskFacts.of("t-1"))).isEmpty();

    mirror.configure(
        new PluginContext(
            "registry-mirror", Map.of("registry", "mirror.local", "kubernetes-version", "1.30")));
    assertThat(mirror.offerFor(TaskFacts.of("t-1")).map(ImageOffer::image))
        .contains("mirror.local/octopusdeploy/kubernetes-agent-tools-base:1.30");
  }

  @Test
  void without_a_registry_the_plugin_refuses_to_start_and_names_the_setting() {
    assertThatThrownBy(() -> mirror.configure(new PluginContext("registry-mirror", Map.of())))
        .hasMessageContaining("K8SAGENT_PLUGIN__REGISTRY_MIRROR__REGISTRY");
  }

  private static TaskFacts onCluster(String version) {
    TaskFacts none = TaskFacts.of("t-1");
    return new TaskFacts(
        none.taskId(),
        none.stepImage(),
        none.scriptType(),
        none.targetTags(),
        none.space(),
        none.project(),
        none.environment(),
        Optional.of(version),
        none.platform());
  }
}
