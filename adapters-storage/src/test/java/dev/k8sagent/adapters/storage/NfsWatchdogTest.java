package dev.k8sagent.adapters.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class NfsWatchdogTest {

  @Test
  void a_working_directory_is_healthy(@TempDir Path home) {
    try (NfsWatchdog watchdog =
        NfsWatchdog.forDirectory(home, Duration.ofSeconds(5), Clock.systemUTC())) {
      assertThat(watchdog.health()).isInstanceOf(StorageHealth.Unknown.class);

      assertThat(watchdog.probeOnce()).isInstanceOf(StorageHealth.Healthy.class);
      assertThat(home.resolve(".k8s-agent-watchdog")).doesNotExist();
    }
  }

  @Test
  void a_hung_mount_makes_storage_unhealthy_without_hanging_the_caller() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (NfsWatchdog watchdog =
        new NfsWatchdog(release::await, Duration.ofMillis(200), Clock.systemUTC())) {

      StorageHealth first = watchdog.probeOnce();
      StorageHealth second = watchdog.probeOnce();

      assertThat(first)
          .isInstanceOfSatisfying(
              StorageHealth.Unhealthy.class,
              sick -> assertThat(sick.reason()).contains("did not answer within 200 ms"));
      assertThat(second)
          .isInstanceOfSatisfying(
              StorageHealth.Unhealthy.class,
              sick -> {
                assertThat(sick.reason()).contains("has not answered a probe started at");
                assertThat(sick.since()).isEqualTo(((StorageHealth.Unhealthy) first).since());
              });

      release.countDown();
      // the stuck probe returns, and the next one answers at once
      await("a probe after the mount answers again")
          .atMost(Duration.ofSeconds(10))
          .until(() -> watchdog.probeOnce() instanceof StorageHealth.Healthy);
    }
  }

  @Test
  void a_failing_volume_is_unhealthy_with_the_error() {
    try (NfsWatchdog watchdog =
        new NfsWatchdog(
            () -> {
              throw new IOException("Stale file handle");
            },
            Duration.ofSeconds(5),
            Clock.systemUTC())) {

      assertThat(watchdog.probeOnce())
          .isInstanceOfSatisfying(
              StorageHealth.Unhealthy.class,
              sick -> assertThat(sick.reason()).contains("Stale file handle"));
    }
  }

  @Test
  void scheduled_probing_keeps_health_current(@TempDir Path home) throws Exception {
    try (NfsWatchdog watchdog =
        NfsWatchdog.forDirectory(home, Duration.ofSeconds(5), Clock.systemUTC())) {
      watchdog.start(Duration.ofMillis(50));

      await("the scheduled probe to find the volume healthy")
          .atMost(Duration.ofSeconds(10))
          .until(() -> watchdog.health() instanceof StorageHealth.Healthy);
    }
  }
}
