package dev.k8sagent.adapters.k8s;

import dev.k8sagent.domain.image.ContainerImage;
import dev.k8sagent.ports.out.ImageRequest;
import dev.k8sagent.ports.out.ToolingImages;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@link ToolingImages} from rules an operator or a test sets up: the first rule whose condition
 * matches the request gives the image. An operator's "always use this script pod image" setting is
 * one rule that matches everything.
 */
public final class ConfiguredToolingImages implements ToolingImages {
  private final List<Rule> rules;

  /** One rule: when {@code applies} to a request, use {@code image}. */
  public record Rule(Predicate<ImageRequest> applies, ContainerImage image) {
    public Rule {
      Objects.requireNonNull(applies, "applies");
      Objects.requireNonNull(image, "image");
    }
  }

  public ConfiguredToolingImages(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** Every task runs in {@code image}. */
  public static ConfiguredToolingImages always(ContainerImage image) {
    return new ConfiguredToolingImages(List.of(new Rule(request -> true, image)));
  }

  /** Tasks of one Octopus project run in {@code image}; others get no opinion. */
  public static ConfiguredToolingImages forProject(String projectSlug, ContainerImage image) {
    return new ConfiguredToolingImages(
        List.of(
            new Rule(
                request ->
                    request
                        .authContext()
                        .map(c -> c.projectSlug().equals(projectSlug))
                        .orElse(false),
                image)));
  }

  /** No opinion about anything. */
  public static ConfiguredToolingImages none() {
    return new ConfiguredToolingImages(List.of());
  }

  @Override
  public Optional<ContainerImage> imageFor(ImageRequest request) {
    return rules.stream().filter(r -> r.applies().test(request)).map(Rule::image).findFirst();
  }
}
