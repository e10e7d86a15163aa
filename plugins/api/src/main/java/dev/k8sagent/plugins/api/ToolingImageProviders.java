package dev.k8sagent.plugins.api;

import dev.k8sagent.domain.image.ContainerImage;
import dev.k8sagent.ports.out.ImageRequest;
import dev.k8sagent.ports.out.ToolingImages;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The plugins' {@link ToolingImageProvider}s seen as one {@link ToolingImages}: the first provider
 * with an opinion wins. A provider that throws is skipped, and {@code failures} is told which
 * provider failed for which task, so the failure reaches the task log instead of vanishing.
 */
public final class ToolingImageProviders implements ToolingImages {
  private final List<ToolingImageProvider> providers;
  private final BiConsumer<ImageRequest, String> failures;

  public ToolingImageProviders(
      List<? extends ToolingImageProvider> providers, BiConsumer<ImageRequest, String> failures) {
    this.providers = List.copyOf(providers);
    this.failures = Objects.requireNonNull(failures, "failures");
  }

  @Override
  public Optional<ContainerImage> imageFor(ImageRequest request) {
    for (ToolingImageProvider provider : providers) {
      try {
        Optional<ContainerImage> image = provider.imageFor(request);
        if (image != null && image.isPresent()) {
          return image;
        }
      } catch (RuntimeException e) {
        failures.accept(
            request,
            "Image plugin "
                + provider.getClass().getName()
                + " failed and was skipped: "
                + e.getMessage());
      }
    }
    return Optional.empty();
  }
}
