package dev.k8sagent.adapters.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k8sagent.adapters.k8s.fake.FakeApiServer;
import dev.k8sagent.domain.version.KubernetesVersion;
import dev.k8sagent.ports.out.ClusterInfo;
import dev.k8sagent.ports.out.contract.ClusterInfoContract;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KubernetesClusterInfoTest extends ClusterInfoContract {
  private final FakeApiServer server = FakeApiServer.started();

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Override
  protected ClusterInfo clusterReporting(KubernetesVersion version) {
    server.gitVersion(version.toString());
    return new KubernetesClusterInfo(server.client(), Clock.systemUTC(), Duration.ofMinutes(10));
  }

  @Test
  void the_version_is_cached_then_refreshed_and_kept_while_the_api_fails() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-24T10:00:00Z"));
    Clock clock =
        new Clock() {
          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now.get();
          }
        };
    server.gitVersion("v1.30.1");
    KubernetesClusterInfo info =
        new KubernetesClusterInfo(server.client(), clock, Duration.ofMinutes(10));
    assertThat(info.version().orElseThrow().minorVersion()).isEqualTo("1.30");

    server.gitVersion("v1.31.0"); // the cluster is upgraded
    assertThat(info.version().orElseThrow().minorVersion()).isEqualTo("1.30");
    assertThat(server.calls("GET version")).isEqualTo(1);

    now.set(now.get().plus(Duration.ofMinutes(11)));
    assertThat(info.version().orElseThrow().minorVersion()).isEqualTo("1.31");

    now.set(now.get().plus(Duration.ofMinutes(11)));
    server.failNext("GET version", 1, 503);
    assertThat(info.version().orElseThrow().minorVersion()).isEqualTo("1.31");
  }

  @Test
  void an_unreachable_api_gives_no_version_rather_than_a_guess() {
    server.failNext("GET version", 1, 500);
    KubernetesClusterInfo info =
        new KubernetesClusterInfo(server.client(), Clock.systemUTC(), Duration.ofMinutes(10));
    assertThat(info.version()).isEmpty();
    assertThat(info.version()).isPresent(); // asked again at once while nothing is known
  }
}
