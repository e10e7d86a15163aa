package dev.k8sagent.domain.image;

import dev.k8sagent.domain.Require;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A container image reference: {@code repository[:tag][@digest]}, where the repository may start
 * with a registry host ({@code registry.example.com:5000/team/tools}).
 */
public record ContainerImage(String repository, Optional<String> tag, Optional<String> digest) {
  private static final Pattern REPOSITORY =
      Pattern.compile("[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-]+[a-z0-9]+)*)*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+:[a-fA-F0-9]{32,}");

  public ContainerImage {
    Require.nonBlank(repository, "Image repository");
    if (!REPOSITORY.matcher(repository).matches()) {
      throw new IllegalArgumentException(
          "Image repository "
              + Require.quote(repository)
              + " is not valid (lower-case letters, digits, '.', '_', '-', '/' and an optional"
              + " registry port)");
    }
    tag.ifPresent(
        t -> {
          if (!TAG.matcher(t).matches()) {
            throw new IllegalArgumentException("Image tag " + Require.quote(t) + " is not valid");
          }
        });
    digest.ifPresent(
        d -> {
          if (!DIGEST.matcher(d).matches()) {
            throw new IllegalArgumentException(
                "Image digest " + Require.quote(d) + " is not valid (expected sha256:<hex>)");
          }
        });
  }

  public static ContainerImage of(String repository, String tag) {
    return new ContainerImage(repository, Optional.of(tag), Optional.empty());
  }

  /** Parses {@code nginx}, {@code nginx:1.27}, {@code host:5000/a/b:tag@sha256:…}. */
  public static ContainerImage parse(String reference) {
    Require.nonBlank(reference, "Image reference");
    String rest = reference.strip();
    Optional<String> digest = Optional.empty();
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = Optional.of(rest.substring(at + 1));
      rest = rest.substring(0, at);
    }
    Optional<String> tag = Optional.empty();
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = Optional.of(rest.substring(colon + 1));
      rest = rest.substring(0, colon);
    }
    return new ContainerImage(rest, tag, digest);
  }

  /** The reference as a pod spec wants it. */
  public String reference() {
    return repository + tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
  }

  @Override
  public String toString() {
    return reference();
  }
}
