package dev.k8sagent.ports.out.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k8sagent.domain.image.ContainerImage;
import dev.k8sagent.domain.task.AuthContext;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.domain.task.ScriptType;
import dev.k8sagent.ports.out.ImageRequest;
import dev.k8sagent.ports.out.PodAdditions;
import dev.k8sagent.ports.out.PodCustomizers;
import dev.k8sagent.ports.out.PodShape;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PodCustomizers} must do. {@link #customizersLabelling} sets up the
 * implementation so that the pods of project {@code projectSlug}'s tasks get label {@code
 * label=value} and every other pod gets nothing.
 */
public abstract class PodCustomizersContract {
  private static final ContainerImage IMAGE = ContainerImage.parse("registry.local/tools:2.1");
  private static final PodShape POD =
      new PodShape(
          Map.of("ticket", "t-1"),
          Map.of(),
          Map.of("TentacleHome", "/octopus"),
          List.of(new PodAdditions.Volume("home", PodAdditions.Volume.Kind.AGENT_OWNED, "")),
          List.of(new PodAdditions.Mount("home", "/octopus", false)),
          PodShape.Security.RESTRICTED);

  protected abstract PodCustomizers customizersLabelling(
      String projectSlug, String label, String value);

  @Test
  void the_pods_of_the_tasks_it_cares_about_get_its_additions() {
    PodCustomizers customizers = customizersLabelling("web", "team", "blue");

    PodCustomizers.Answer answer = customizers.additionsFor(request("web", POD));

    assertThat(answer.additions().labels()).containsExactly(Map.entry("team", "blue"));
    assertThat(answer.notes()).isEmpty();
  }

  @Test
  void other_pods_get_nothing() {
    PodCustomizers customizers = customizersLabelling("web", "team", "blue");

    assertThat(customizers.additionsFor(request("billing", POD)).additions().isEmpty()).isTrue();
    assertThat(
            customizers
                .additionsFor(
                    new PodCustomizers.PodRequest(
                        ImageRequest.of(new ScriptTicket("t")), Optional.empty(), IMAGE, POD))
                .additions()
                .isEmpty())
        .isTrue();
  }

  @Test
  void an_addition_that_replaces_what_the_agent_put_there_is_refused_with_a_note() {
    PodCustomizers customizers = customizersLabelling("web", "ticket", "other");

    PodCustomizers.Answer answer = customizers.additionsFor(request("web", POD));

    assertThat(answer.additions().isEmpty()).isTrue();
    assertThat(answer.notes()).singleElement().asString().contains("ticket");
  }

  @Test
  void answers_the_same_request_the_same_way() {
    PodCustomizers customizers = customizersLabelling("web", "team", "blue");

    assertThat(customizers.additionsFor(request("web", POD)))
        .isEqualTo(customizers.additionsFor(request("web", POD)));
  }

  private static PodCustomizers.PodRequest request(String project, PodShape pod) {
    return new PodCustomizers.PodRequest(
        new ImageRequest(
            new ScriptTicket("t-" + project),
            Optional.empty(),
            Optional.of("linux-amd64"),
            Optional.of(
                new AuthContext(
                    "default", project, Optional.empty(), "production", Optional.empty(), "x")),
            Optional.of(ScriptType.BASH)),
        Optional.empty(),
        IMAGE,
        pod);
  }
}
