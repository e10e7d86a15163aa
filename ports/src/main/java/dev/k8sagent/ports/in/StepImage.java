package dev.k8sagent.ports.in;

import dev.k8sagent.domain.image.ContainerImage;
import dev.k8sagent.domain.image.ImagePullCredentials;
import java.util.Objects;
import java.util.Optional;

/** The container image a step asked to run in, with the feed credentials to pull it. */
public record StepImage(ContainerImage image, Optional<ImagePullCredentials> credentials) {
  public StepImage {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(credentials, "credentials");
  }
}
