package dev.k8sagent.adapters.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k8sagent.domain.image.ContainerImage;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.ports.out.ImageRequest;
import dev.k8sagent.ports.out.ToolingImages;
import dev.k8sagent.ports.out.contract.ToolingImagesContract;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfiguredToolingImagesTest extends ToolingImagesContract {
  @Override
  protected ToolingImages imagesChoosing(String projectSlug, ContainerImage image) {
    return ConfiguredToolingImages.forProject(projectSlug, image);
  }

  @Test
  void an_operator_image_applies_to_every_task() {
    ContainerImage image = ContainerImage.parse("mirror.local/tools:1.29");
    ImageRequest anything =
        new ImageRequest(
            new ScriptTicket("t"), Optional.empty(), Optional.empty(), Optional.empty());

    assertThat(ConfiguredToolingImages.always(image).imageFor(anything)).contains(image);
    assertThat(ConfiguredToolingImages.none().imageFor(anything)).isEmpty();
  }
}
