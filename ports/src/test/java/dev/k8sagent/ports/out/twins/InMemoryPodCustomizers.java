package dev.k8sagent.ports.out.twins;

import dev.k8sagent.domain.task.AuthContext;
import dev.k8sagent.ports.out.PodAdditions;
import dev.k8sagent.ports.out.PodCustomizers;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link PodCustomizers} that adds one label to the pods of one project's tasks, and refuses with a
 * note to replace a label the pod already has: for service tests.
 */
public final class InMemoryPodCustomizers implements PodCustomizers {
  private final String projectSlug;
  private final String label;
  private final String value;

  public InMemoryPodCustomizers(String projectSlug, String label, String value) {
    this.projectSlug = projectSlug;
    this.label = label;
    this.value = value;
  }

  @Override
  public Answer additionsFor(PodRequest request) {
    Optional<String> project = request.task().authContext().map(AuthContext::projectSlug);
    if (!project.equals(Optional.of(projectSlug))) {
      return Answer.NOTHING;
    }
    if (request.pod().labels().containsKey(label)) {
      return new Answer(
          PodAdditions.NONE,
          List.of("The label customizer was refused: it changes the agent's label " + label));
    }
    return new Answer(
        new PodAdditions(
            Map.of(label, value),
            Map.of(),
            Map.of(),
            List.of(),
            List.of(),
            List.of(),
            Optional.empty(),
            List.of()),
        List.of());
  }
}
