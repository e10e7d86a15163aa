package dev.k8sagent.domain.version;

import dev.k8sagent.domain.image.ContainerImage;
import java.util.List;
import java.util.Objects;

/**
 * Which Kubernetes minor versions this agent supports, and the tooling image it runs scripts in for
 * each. This is the one table to edit when a cluster version is added or dropped.
 *
 * <p>The default range follows the tags published for {@code
 * octopusdeploy/kubernetes-agent-tools-base}: one tag per minor ({@code :1.29}), each carrying the
 * matching {@code kubectl}.
 */
public record KubernetesSupport(
    String toolingRepository, KubernetesVersion oldest, KubernetesVersion newest) {

  public static final String TOOLING_REPOSITORY = "octopusdeploy/kubernetes-agent-tools-base";

  /** The supported range; extend {@code newest} when a new tools tag is published. */
  public static final KubernetesSupport DEFAULT =
      new KubernetesSupport(
          TOOLING_REPOSITORY, KubernetesVersion.of(1, 26), KubernetesVersion.of(1, 36));

  public KubernetesSupport {
    Objects.requireNonNull(toolingRepository, "toolingRepository");
    oldest = KubernetesVersion.of(oldest.major(), oldest.minor());
    newest = KubernetesVersion.of(newest.major(), newest.minor());
    if (oldest.major() != newest.major() || oldest.compareTo(newest) > 0) {
      throw new IllegalArgumentException(
          "Supported Kubernetes range must run from an older to a newer minor of one major, got "
              + oldest.minorVersion()
              + " to "
              + newest.minorVersion());
    }
  }

  /** Every supported minor, oldest first. */
  public List<KubernetesVersion> supportedMinors() {
    return java.util.stream.IntStream.rangeClosed(oldest.minor(), newest.minor())
        .mapToObj(minor -> KubernetesVersion.of(oldest.major(), minor))
        .toList();
  }

  /** Whether the agent supports a cluster, and the warning to log when it does not. */
  public ClusterSupport check(KubernetesVersion cluster) {
    KubernetesVersion minor = KubernetesVersion.of(cluster.major(), cluster.minor());
    if (minor.compareTo(oldest) >= 0 && minor.compareTo(newest) <= 0) {
      return new ClusterSupport.Supported(cluster);
    }
    return new ClusterSupport.Unsupported(
        cluster,
        "Kubernetes "
            + cluster
            + " is outside the supported range "
            + oldest.minorVersion()
            + " to "
            + newest.minorVersion()
            + "; scripts will use the tools image for "
            + nearestSupported(cluster).minorVersion()
            + ", whose kubectl may not match this cluster");
  }

  /** The supported minor closest to the cluster's: the cluster's own when supported. */
  public KubernetesVersion nearestSupported(KubernetesVersion cluster) {
    KubernetesVersion minor = KubernetesVersion.of(cluster.major(), cluster.minor());
    if (minor.compareTo(oldest) < 0) {
      return oldest;
    }
    if (minor.compareTo(newest) > 0) {
      return newest;
    }
    return minor;
  }

  /** The default tooling image for a cluster: {@code …/kubernetes-agent-tools-base:1.29}. */
  public ContainerImage toolingImageFor(KubernetesVersion cluster) {
    return ContainerImage.of(toolingRepository, nearestSupported(cluster).minorVersion());
  }

  /** The outcome of {@link #check(KubernetesVersion)}. */
  public sealed interface ClusterSupport {
    KubernetesVersion cluster();

    record Supported(KubernetesVersion cluster) implements ClusterSupport {}

    record Unsupported(KubernetesVersion cluster, String warning) implements ClusterSupport {}
  }
}
