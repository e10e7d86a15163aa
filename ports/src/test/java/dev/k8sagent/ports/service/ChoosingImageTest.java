package dev.k8sagent.ports.service;

import static dev.k8sagent.ports.service.StartScripts.aScript;
import static org.assertj.core.api.Assertions.assertThat;

import dev.k8sagent.domain.image.ContainerImage;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.domain.task.ScriptType;
import dev.k8sagent.domain.version.KubernetesSupport;
import dev.k8sagent.domain.version.KubernetesVersion;
import dev.k8sagent.ports.in.StepImage;
import dev.k8sagent.ports.out.ClusterInfo;
import dev.k8sagent.ports.out.ImageRequest;
import dev.k8sagent.ports.out.PodAdditions;
import dev.k8sagent.ports.out.ToolingImages;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChoosingImageTest {
  private static final ScriptTicket TICKET = new ScriptTicket("Task-1");
  private static final ContainerImage STEP = ContainerImage.parse("registry.local/deploy:7");
  private static final ContainerImage PLUGIN = ContainerImage.parse("plugin/image:1");
  private static final ClusterInfo V1_29 = () -> Optional.of(KubernetesVersion.parse("v1.29.3"));
  private static final ToolingImages NO_PLUGIN = request -> Optional.empty();

  private final List<ImageRequest> asked = new ArrayList<>();

  private ChoosingImage choosing(ToolingImages plugins, ClusterInfo cluster) {
    return new ChoosingImage(
        request -> {
          asked.add(request);
          return plugins.imageFor(request);
        },
        cluster,
        KubernetesSupport.DEFAULT);
  }

  @Test
  void the_step_image_wins_without_asking_the_plugins() {
    ChoosingImage.Choice choice =
        choosing(request -> Optional.of(PLUGIN), V1_29)
            .choose(aScript(TICKET).stepImage(new StepImage(STEP, Optional.empty())).build());

    assertThat(choice).isEqualTo(new ChoosingImage.Choice(STEP, PodAdditions.NONE, List.of()));
    assertThat(asked).isEmpty();
  }

  @Test
  void a_plugin_image_wins_over_the_tools_image_and_is_asked_with_the_cluster_version() {
    ChoosingImage.Choice choice =
        choosing(request -> Optional.of(PLUGIN), V1_29).choose(aScript(TICKET).build());

    assertThat(choice.image()).isEqualTo(PLUGIN);
    assertThat(asked)
        .singleElement()
        .satisfies(
            request -> {
              assertThat(request.ticket()).isEqualTo(TICKET);
              assertThat(request.clusterVersion()).contains(KubernetesVersion.parse("v1.29.3"));
            });
  }

  @Test
  void the_plugins_are_told_the_script_type_the_task_runs() {
    choosing(NO_PLUGIN, V1_29).choose(aScript(TICKET).build());
    choosing(NO_PLUGIN, V1_29)
        .choose(aScript(TICKET).script(ScriptType.POWERSHELL, "Write-Host hi").build());

    assertThat(asked)
        .extracting(ImageRequest::scriptType)
        .containsExactly(Optional.of(ScriptType.BASH), Optional.of(ScriptType.POWERSHELL));
  }

  @Test
  void the_offered_image_is_pulled_as_its_source_says() {
    ToolingImages offering =
        new ToolingImages() {
          @Override
          public Optional<ContainerImage> imageFor(ImageRequest request) {
            return Optional.of(PLUGIN);
          }

          @Override
          public Answer answer(ImageRequest request) {
            return new Answer(
                imageFor(request),
                List.of(),
                Optional.of(PodAdditions.PullPolicy.ALWAYS),
                List.of("mirror-pull"));
          }
        };

    ChoosingImage.Choice choice =
        new ChoosingImage(offering, V1_29, KubernetesSupport.DEFAULT)
            .choose(aScript(TICKET).build());

    assertThat(choice.pull().pullPolicy()).contains(PodAdditions.PullPolicy.ALWAYS);
    assertThat(choice.pull().pullSecretNames()).containsExactly("mirror-pull");
  }

  @Test
  void without_other_offers_the_tools_image_matches_the_cluster() {
    ChoosingImage.Choice choice = choosing(NO_PLUGIN, V1_29).choose(aScript(TICKET).build());

    assertThat(choice.image().reference())
        .isEqualTo("octopusdeploy/kubernetes-agent-tools-base:1.29");
    assertThat(choice.notes()).isEmpty();
  }

  @Test
  void an_unknown_cluster_gets_the_newest_tools_image_with_a_note_saying_so() {
    ChoosingImage.Choice choice =
        choosing(NO_PLUGIN, Optional::empty).choose(aScript(TICKET).build());

    assertThat(choice.image())
        .isEqualTo(KubernetesSupport.DEFAULT.toolingImageFor(KubernetesSupport.DEFAULT.newest()));
    assertThat(choice.notes()).singleElement().asString().contains("not known");
  }

  @Test
  void the_plugins_notes_reach_the_task_log_whichever_image_wins() {
    ToolingImages explaining =
        new ToolingImages() {
          @Override
          public Optional<ContainerImage> imageFor(ImageRequest request) {
            return Optional.empty();
          }

          @Override
          public Answer answer(ImageRequest request) {
            return new Answer(Optional.empty(), List.of("Plugin mirror: failed; skipped"));
          }
        };
    ChoosingImage choosing =
        new ChoosingImage(explaining, Optional::empty, KubernetesSupport.DEFAULT);

    ChoosingImage.Choice choice = choosing.choose(aScript(TICKET).build());

    assertThat(choice.notes()).hasSize(2).first().isEqualTo("Plugin mirror: failed; skipped");
  }
}
