package dev.k8sagent.plugins.api;

import java.util.List;
import java.util.Objects;

/**
 * An image a {@link ToolingImageProvider} offers for a task.
 *
 * @param image the full image reference, e.g. {@code registry.corp/tools/aws:2.17}; no spaces
 * @param pullPolicy when the node pulls it
 * @param pullSecrets names of {@code kubernetes.io/dockerconfigjson} secrets in the agent's
 *     namespace the pod pulls with; the secrets must already exist
 * @param priority higher wins when several plugins offer an image for the same task; equal
 *     priorities keep the plugins' load order
 */
public record ImageOffer(
    String image, PullPolicy pullPolicy, List<String> pullSecrets, int priority) {
  public ImageOffer {
    Objects.requireNonNull(image, "image");
    if (image.isBlank() || image.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(
          "An image reference must be non-blank and without spaces, got '" + image + "'");
    }
    Objects.requireNonNull(pullPolicy, "pullPolicy");
    pullSecrets = List.copyOf(pullSecrets);
  }

  /** {@code image}, pulled when absent from the node, no pull secret, priority 0. */
  public static ImageOffer of(String image) {
    return new ImageOffer(image, PullPolicy.IF_NOT_PRESENT, List.of(), 0);
  }

  /** This offer, also pulled with {@code secret}. */
  public ImageOffer withPullSecret(String secret) {
    List<String> secrets = new java.util.ArrayList<>(pullSecrets);
    secrets.add(secret);
    return new ImageOffer(image, pullPolicy, secrets, priority);
  }

  /** This offer, pulled as {@code policy} says. */
  public ImageOffer withPullPolicy(PullPolicy policy) {
    return new ImageOffer(image, policy, pullSecrets, priority);
  }

  /** This offer with another priority. */
  public ImageOffer withPriority(int newPriority) {
    return new ImageOffer(image, pullPolicy, pullSecrets, newPriority);
  }

  /** When the node pulls an image, as Kubernetes' {@code imagePullPolicy}. */
  public enum PullPolicy {
    ALWAYS,
    IF_NOT_PRESENT,
    NEVER;

    /**
     * The policy Kubernetes spells {@code name} ({@code Always}, {@code IfNotPresent}, {@code
     * Never}, in any case), for a plugin reading it from its settings.
     *
     * @throws IllegalArgumentException naming the three it accepts
     */
    public static PullPolicy parse(String name) {
      String plain = name.trim().replace("_", "").replace("-", "");
      for (PullPolicy policy : values()) {
        if (policy.name().replace("_", "").equalsIgnoreCase(plain)) {
          return policy;
        }
      }
      throw new IllegalArgumentException(
          "A pull policy is Always, IfNotPresent or Never, got '" + name + "'");
    }
  }
}
