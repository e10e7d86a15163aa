package dev.k8sagent.ports.service;

import dev.k8sagent.domain.image.ContainerImage;
import dev.k8sagent.domain.version.KubernetesSupport;
import dev.k8sagent.domain.version.KubernetesVersion;
import dev.k8sagent.ports.in.StartScript;
import dev.k8sagent.ports.in.StepImage;
import dev.k8sagent.ports.out.ClusterInfo;
import dev.k8sagent.ports.out.ImageRequest;
import dev.k8sagent.ports.out.PodAdditions;
import dev.k8sagent.ports.out.ToolingImages;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The image a task's pod runs, first answer wins: the image the step asks for, then what the
 * tooling-image plugins offer, then the tools image for the cluster's Kubernetes version (the
 * newest supported one while that version is not known yet).
 */
final class ChoosingImage {
  private final ToolingImages toolingImages;
  private final ClusterInfo clusterInfo;
  private final KubernetesSupport kubernetesSupport;

  ChoosingImage(
      ToolingImages toolingImages, ClusterInfo clusterInfo, KubernetesSupport kubernetesSupport) {
    this.toolingImages = toolingImages;
    this.clusterInfo = clusterInfo;
    this.kubernetesSupport = kubernetesSupport;
  }

  /**
   * The image chosen, how it is pulled when its source says so, and lines for the task log when the
   * choice needs explaining.
   */
  record Choice(ContainerImage image, PodAdditions pull, List<String> notes) {
    Choice {
      Objects.requireNonNull(image, "image");
      Objects.requireNonNull(pull, "pull");
      notes = List.copyOf(notes);
    }
  }

  /** What is known about the task of {@code command} now. */
  ImageRequest taskOf(StartScript command) {
    return new ImageRequest(
        command.ticket(),
        clusterInfo.version(),
        command.podPlatform(),
        command.authContext(),
        Optional.of(command.scriptType()));
  }

  Choice choose(StartScript command) {
    return choose(command, taskOf(command));
  }

  Choice choose(StartScript command, ImageRequest task) {
    Optional<ContainerImage> stepImage = command.stepImage().map(StepImage::image);
    if (stepImage.isPresent()) {
      return new Choice(stepImage.get(), PodAdditions.NONE, List.of());
    }
    ToolingImages.Answer offered = toolingImages.answer(task);
    return offered
        .image()
        .map(
            image ->
                new Choice(
                    image,
                    PodAdditions.pulling(offered.pullPolicy(), offered.pullSecretNames()),
                    offered.notes()))
        .orElseGet(() -> toolsImage(task.clusterVersion(), offered.notes()));
  }

  private Choice toolsImage(Optional<KubernetesVersion> cluster, List<String> notes) {
    if (cluster.isPresent()) {
      return new Choice(kubernetesSupport.toolingImageFor(cluster.get()), PodAdditions.NONE, notes);
    }
    KubernetesVersion newest = kubernetesSupport.newest();
    List<String> withUnknown = new ArrayList<>(notes);
    withUnknown.add(
        "The cluster version is not known yet; using the tools image for Kubernetes "
            + newest.minorVersion());
    return new Choice(kubernetesSupport.toolingImageFor(newest), PodAdditions.NONE, withUnknown);
  }
}
