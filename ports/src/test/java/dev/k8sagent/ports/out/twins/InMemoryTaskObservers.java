package dev.k8sagent.ports.out.twins;

import dev.k8sagent.domain.image.ContainerImage;
import dev.k8sagent.domain.task.ExitCode;
import dev.k8sagent.ports.out.ImageRequest;
import dev.k8sagent.ports.out.TaskObservers;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link TaskObservers} that writes down what it is told, as {@code started <ticket> <image>} and
 * {@code ended <ticket> <exit code>}: for service tests.
 */
public final class InMemoryTaskObservers implements TaskObservers {
  private final List<String> told = new ArrayList<>();

  @Override
  public synchronized void started(ImageRequest task, ContainerImage image) {
    told.add("started " + task.ticket().taskId() + " " + image.reference());
  }

  @Override
  public synchronized void ended(ImageRequest task, ExitCode exitCode) {
    told.add("ended " + task.ticket().taskId() + " " + exitCode.value());
  }

  /** What it was told so far, in order. */
  public synchronized List<String> told() {
    return List.copyOf(told);
  }
}
