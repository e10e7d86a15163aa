package dev.k8sagent.adapters.k8s;

import dev.k8sagent.domain.version.KubernetesVersion;
import dev.k8sagent.ports.out.ClusterInfo;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.VersionApi;
import io.kubernetes.client.openapi.models.VersionInfo;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The API server's version from {@code /version}, cached for {@code refreshAfter} (clusters are
 * upgraded under a running agent, so the tooling image follows). While the API cannot be reached
 * the last version learned is kept; before any, the answer is empty.
 */
public final class KubernetesClusterInfo implements ClusterInfo {
  private static final System.Logger LOG = System.getLogger(KubernetesClusterInfo.class.getName());

  private final VersionApi api;
  private final Clock clock;
  private final Duration refreshAfter;
  private Optional<KubernetesVersion> known = Optional.empty();
  private Instant fetchedAt = Instant.MIN;

  public KubernetesClusterInfo(ApiClient client, Clock clock, Duration refreshAfter) {
    this.api = new VersionApi(client);
    this.clock = clock;
    this.refreshAfter = refreshAfter;
  }

  @Override
  public synchronized Optional<KubernetesVersion> version() {
    Instant now = clock.instant();
    if (known.isEmpty() || !now.isBefore(fetchedAt.plus(refreshAfter))) {
      fetchedAt = now;
      fetch().ifPresent(version -> known = Optional.of(version));
    }
    return known;
  }

  private Optional<KubernetesVersion> fetch() {
    try {
      VersionInfo info = api.getCode().execute();
      try {
        return Optional.of(KubernetesVersion.parse(info.getGitVersion()));
      } catch (IllegalArgumentException e) {
        LOG.log(
            Level.WARNING,
            "The API server reports a version that cannot be read: " + e.getMessage());
        return Optional.empty();
      }
    } catch (ApiException e) {
      LOG.log(
          Level.WARNING,
          "Cannot learn the cluster version (" + ApiCalls.describe(e) + "); trying again later");
      return Optional.empty();
    }
  }
}
