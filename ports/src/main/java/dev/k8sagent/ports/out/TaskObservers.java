package dev.k8sagent.ports.out;

import dev.k8sagent.domain.image.ContainerImage;
import dev.k8sagent.domain.task.ExitCode;

/**
 * Those told when a task's pod is launched and when the task ends (the plugins' task observers).
 * They cannot change the task: both calls return at once, whatever the observers do, and never
 * throw; an observer that fails or takes too long is skipped.
 */
public interface TaskObservers {

  /** Nobody observes. */
  TaskObservers NONE =
      new TaskObservers() {
        @Override
        public void started(ImageRequest task, ContainerImage image) {}

        @Override
        public void ended(ImageRequest task, ExitCode exitCode) {}
      };

  /** The task's pod was launched with {@code image}. */
  void started(ImageRequest task, ContainerImage image);

  /** The task ended with {@code exitCode} (the agent's own failures use negative codes). */
  void ended(ImageRequest task, ExitCode exitCode);
}
