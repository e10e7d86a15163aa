package dev.k8sagent.ports.out;

import dev.k8sagent.domain.Require;
import dev.k8sagent.domain.image.ContainerImage;
import dev.k8sagent.domain.image.ImagePullCredentials;
import dev.k8sagent.domain.task.ScriptTicket;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything needed to start a task's pod: the image, the workspace directory (as mounted in the
 * pod), the runner to execute there with its arguments, and the pod's identity and pull secrets.
 *
 * <p>{@code environment} is passed to the runner; it carries no secrets (those stay in files).
 * {@code additions} are what plugins add to the pod (checked by the core before launch) and how the
 * chosen image is pulled.
 */
public record PodLaunch(
    ScriptTicket ticket,
    ContainerImage image,
    String workspaceDirectory,
    String runner,
    List<String> runnerArguments,
    Optional<String> serviceAccountName,
    Optional<ImagePullCredentials> pullCredentials,
    Map<String, String> environment,
    PodAdditions additions) {
  public PodLaunch {
    Objects.requireNonNull(ticket, "ticket");
    Objects.requireNonNull(image, "image");
    Require.nonBlank(workspaceDirectory, "workspaceDirectory");
    Require.nonBlank(runner, "runner");
    runnerArguments = List.copyOf(runnerArguments);
    Objects.requireNonNull(serviceAccountName, "serviceAccountName");
    Objects.requireNonNull(pullCredentials, "pullCredentials");
    environment = Map.copyOf(environment);
    Objects.requireNonNull(additions, "additions");
  }

  /** A launch with nothing added to the pod. */
  public PodLaunch(
      ScriptTicket ticket,
      ContainerImage image,
      String workspaceDirectory,
      String runner,
      List<String> runnerArguments,
      Optional<String> serviceAccountName,
      Optional<ImagePullCredentials> pullCredentials,
      Map<String, String> environment) {
    this(
        ticket,
        image,
        workspaceDirectory,
        runner,
        runnerArguments,
        serviceAccountName,
        pullCredentials,
        environment,
        PodAdditions.NONE);
  }

  /** This launch with {@code more} added to the pod as well. */
  public PodLaunch adding(PodAdditions more) {
    return new PodLaunch(
        ticket,
        image,
        workspaceDirectory,
        runner,
        runnerArguments,
        serviceAccountName,
        pullCredentials,
        environment,
        additions.and(more));
  }
}
