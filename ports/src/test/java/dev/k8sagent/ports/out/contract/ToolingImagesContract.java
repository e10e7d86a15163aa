package dev.k8sagent.ports.out.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k8sagent.domain.image.ContainerImage;
import dev.k8sagent.domain.task.AuthContext;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.domain.version.KubernetesVersion;
import dev.k8sagent.ports.out.ImageRequest;
import dev.k8sagent.ports.out.ToolingImages;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ToolingImages} must do. {@link #imagesChoosing} sets up the implementation so
 * that tasks of project {@code projectSlug} get {@code image} and every other task gets no opinion.
 */
public abstract class ToolingImagesContract {

  private static final ContainerImage IMAGE = ContainerImage.parse("registry.local/tools:2.1");

  protected abstract ToolingImages imagesChoosing(String projectSlug, ContainerImage image);

  @Test
  void gives_its_image_for_the_tasks_it_cares_about() {
    ToolingImages images = imagesChoosing("web", IMAGE);

    assertThat(images.imageFor(request("web"))).contains(IMAGE);
  }

  @Test
  void has_no_opinion_about_other_tasks() {
    ToolingImages images = imagesChoosing("web", IMAGE);

    assertThat(images.imageFor(request("billing"))).isEmpty();
    assertThat(
            images.imageFor(
                new ImageRequest(
                    new ScriptTicket("t"), Optional.empty(), Optional.empty(), Optional.empty())))
        .isEmpty();
  }

  @Test
  void answers_the_same_request_the_same_way() {
    ToolingImages images = imagesChoosing("web", IMAGE);

    assertThat(images.imageFor(request("web"))).isEqualTo(images.imageFor(request("web")));
  }

  @Test
  void its_answer_for_the_task_log_names_the_same_image() {
    ToolingImages images = imagesChoosing("web", IMAGE);

    assertThat(images.answer(request("web")).image()).contains(IMAGE);
    assertThat(images.answer(request("billing")).image()).isEmpty();
  }

  private static ImageRequest request(String project) {
    return new ImageRequest(
        new ScriptTicket("t-" + project),
        Optional.of(KubernetesVersion.parse("v1.29.0")),
        Optional.of("linux-amd64"),
        Optional.of(
            new AuthContext(
                "default", project, Optional.empty(), "production", Optional.empty(), "deploy")));
  }
}
