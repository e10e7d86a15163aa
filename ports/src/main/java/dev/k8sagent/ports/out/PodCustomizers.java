package dev.k8sagent.ports.out;

import dev.k8sagent.domain.image.ContainerImage;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The sources of additions to a task's pod (the plugins' pod customizers). The core asks once per
 * task, just before the pod is launched, and launches the pod with the answer. An answer only adds:
 * whatever would replace or weaken what the agent put in the pod is refused for that task, and the
 * answer's notes say so for the task's log.
 */
public interface PodCustomizers {

  /** No customizers: nothing added, nothing to say. */
  PodCustomizers NONE = request -> Answer.NOTHING;

  /** What to add to the pod of {@code request}'s task. */
  Answer additionsFor(PodRequest request);

  /**
   * What is known when a task's pod is about to be launched.
   *
   * @param task what is known about the task
   * @param stepImage the image the step itself names, if any
   * @param image the image the pod runs
   * @param pod what the agent puts in the pod
   */
  record PodRequest(
      ImageRequest task, Optional<ContainerImage> stepImage, ContainerImage image, PodShape pod) {
    public PodRequest {
      Objects.requireNonNull(task, "task");
      Objects.requireNonNull(stepImage, "stepImage");
      Objects.requireNonNull(image, "image");
      Objects.requireNonNull(pod, "pod");
    }
  }

  /** The additions, and lines for the task's log about customizers that were skipped or refused. */
  record Answer(PodAdditions additions, List<String> notes) {
    public static final Answer NOTHING = new Answer(PodAdditions.NONE, List.of());

    public Answer {
      Objects.requireNonNull(additions, "additions");
      notes = List.copyOf(notes);
    }
  }
}
