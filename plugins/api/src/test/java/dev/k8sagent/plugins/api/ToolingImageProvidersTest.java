package dev.k8sagent.plugins.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k8sagent.domain.image.ContainerImage;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.ports.out.ImageRequest;
import dev.k8sagent.ports.out.ToolingImages;
import dev.k8sagent.ports.out.contract.ToolingImagesContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ToolingImageProvidersTest extends ToolingImagesContract {
  private static final ImageRequest REQUEST =
      new ImageRequest(
          new ScriptTicket("t-1"), Optional.empty(), Optional.empty(), Optional.empty());
  private static final ContainerImage FIRST = ContainerImage.parse("first/tools:1");
  private static final ContainerImage SECOND = ContainerImage.parse("second/tools:1");
  private final List<String> failures = new ArrayList<>();

  @Override
  protected ToolingImages imagesChoosing(String projectSlug, ContainerImage image) {
    ToolingImageProvider byProject =
        request ->
            request.authContext().filter(c -> c.projectSlug().equals(projectSlug)).map(c -> image);
    return new ToolingImageProviders(List.of(byProject), (r, m) -> failures.add(m));
  }

  @Test
  void the_first_provider_with_an_opinion_wins() {
    ToolingImages images =
        new ToolingImageProviders(
            List.of(r -> Optional.empty(), r -> Optional.of(FIRST), r -> Optional.of(SECOND)),
            (r, m) -> failures.add(m));

    assertThat(images.imageFor(REQUEST)).contains(FIRST);
  }

  @Test
  void a_failing_provider_is_skipped_and_reported_for_the_task_log() {
    ToolingImageProvider broken =
        r -> {
          throw new IllegalStateException("registry lookup failed");
        };
    ToolingImages images =
        new ToolingImageProviders(
            List.of(broken, r -> Optional.of(SECOND)), (r, m) -> failures.add(m));

    assertThat(images.imageFor(REQUEST)).contains(SECOND);
    assertThat(failures)
        .singleElement()
        .asString()
        .contains("failed and was skipped: registry lookup failed");
  }
}
