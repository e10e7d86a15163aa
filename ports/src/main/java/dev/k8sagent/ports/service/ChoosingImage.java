package dev.k8sagent.ports.service;

import dev.k8sagent.domain.image.ContainerImage;
import dev.k8sagent.domain.version.KubernetesSupport;
import dev.k8sagent.domain.version.KubernetesVersion;
import dev.k8sagent.ports.in.StartScript;
import dev.k8sagent.ports.in.StepImage;
import dev.k8sagent.ports.out.ClusterInfo;
import dev.k8sagent.ports.out.ImageRequest;
import dev.k8sagent.ports.out.ToolingImages;
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

  /** The image chosen, and a line for the task log when the choice needs explaining. */
  record Choice(ContainerImage image, Optional<String> note) {
    Choice {
      Objects.requireNonNull(image, "image");
      Objects.requireNonNull(note, "note");
    }
  }

  Choice choose(StartScript command) {
    Optional<KubernetesVersion> cluster = clusterInfo.version();
    return command
        .stepImage()
        .map(StepImage::image)
        .or(
            () ->
                toolingImages.imageFor(
                    new ImageRequest(
                        command.ticket(), cluster, command.podPlatform(), command.authContext())))
        .map(image -> new Choice(image, Optional.empty()))
        .orElseGet(() -> toolsImage(cluster));
  }

  private Choice toolsImage(Optional<KubernetesVersion> cluster) {
    if (cluster.isPresent()) {
      return new Choice(kubernetesSupport.toolingImageFor(cluster.get()), Optional.empty());
    }
    KubernetesVersion newest = kubernetesSupport.newest();
    return new Choice(
        kubernetesSupport.toolingImageFor(newest),
        Optional.of(
            "The cluster version is not known yet; using the tools image for Kubernetes "
                + newest.minorVersion()));
  }
}
