package dev.k8sagent.adapters.k8s.pods;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k8sagent.adapters.k8s.ApiCalls;
import dev.k8sagent.adapters.k8s.RequestBudget;
import dev.k8sagent.adapters.k8s.fake.FakeApiServer;
import dev.k8sagent.adapters.k8s.fake.VirtualTime;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The watch loop against an API server (or a proxy in front of it) that ends every watch at once:
 * it backs off instead of looping, and a healthy watch resets the wait. Time is virtual: every wait
 * the loop makes moves the clock on and is recorded.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PodWatcherBackOffTest {
  private static final String NAMESPACE = "octopus-agent";

  private final FakeApiServer server = FakeApiServer.started();
  private final VirtualTime time = new VirtualTime(Instant.parse("2026-11-30T08:00:00Z"));
  private final ScriptPodCache cache = new ScriptPodCache();

  private PodWatcher watcher(double jitter) {
    return new PodWatcher(
        new CoreV1Api(server.client()),
        server.watchClient(),
        new ApiCalls(1, Duration.ofMillis(10), RequestBudget.unlimited(), time),
        NAMESPACE,
        PodNames.ownerSelector("agent"),
        cache,
        ScriptPodTimings.defaults(),
        time,
        time,
        () -> jitter);
  }

  private PodWatcher watcher;

  @AfterEach
  void stop() throws Exception {
    if (watcher != null) {
      watcher.close();
    }
    server.close();
  }

  @Test
  void watches_that_end_at_once_are_backed_off_from_0_8_s_doubling_up_to_30_s() {
    server.closeWatchesAtOnce(true);
    watcher = watcher(0);
    watcher.start();

    Awaitility.await().until(() -> time.waits().size() >= 9);

    assertThat(time.waits().subList(0, 9))
        .containsExactly(
            Duration.ofMillis(800),
            Duration.ofMillis(1600),
            Duration.ofMillis(3200),
            Duration.ofMillis(6400),
            Duration.ofMillis(12800),
            Duration.ofMillis(25600),
            Duration.ofSeconds(30),
            Duration.ofSeconds(30),
            Duration.ofSeconds(30));
  }

  @Test
  void an_idle_agent_behind_such_a_proxy_makes_few_calls_a_minute() {
    server.closeWatchesAtOnce(true);
    time.holdAt(Duration.ofMinutes(10));
    watcher = watcher(0.5);
    watcher.start();

    Awaitility.await().until(time::holding);

    long calls = server.calls("GET pods") + server.calls("GET pods watch");
    // waits 1.2, 2.4, 4.8, 9.6, 19.2 s, then 30 s: 24 rounds in ten minutes, each a watch and
    // (the fake's empty list gives no version to resume from) a list
    assertThat(calls)
        .as("lists and watches in ten minutes (a hot loop made about 40 a second)")
        .isLessThanOrEqualTo(2 * 25);
    assertThat(time.waits())
        .allSatisfy(
            wait -> assertThat(wait).isBetween(Duration.ofMillis(800), Duration.ofSeconds(30)));
    time.release();
  }

  @Test
  void a_healthy_watch_resets_the_wait() {
    server.closeWatchesAtOnce(true);
    watcher = watcher(0);
    watcher.start();
    Awaitility.await().until(() -> time.waits().size() >= 4);

    server.closeWatchesAtOnce(false);
    Awaitility.await().until(() -> server.openWatches() == 1);
    int waitsBeforeHealthy = time.waits().size();
    time.advance(PodWatcher.SHORT_WATCH); // the open watch has now lasted
    server.closeWatchesAtOnce(true); // ends it, and the ones after it

    Awaitility.await().until(() -> time.waits().size() >= waitsBeforeHealthy + 2);
    List<Duration> after = time.waits().subList(waitsBeforeHealthy, waitsBeforeHealthy + 2);
    assertThat(after).containsExactly(Duration.ofMillis(800), Duration.ofMillis(1600));
  }

  @Test
  void a_watch_is_resumed_from_the_last_version_and_listed_again_only_after_a_failure() {
    watcher = watcher(0);
    watcher.start();
    Awaitility.await().until(() -> server.watchesStarted() >= 1);
    time.advance(PodWatcher.SHORT_WATCH);

    server.endWatches();
    Awaitility.await().until(() -> server.watchesStarted() >= 2);
    assertThat(watcher.listCount()).as("a healthy watch that ended: watched again").isEqualTo(1);

    server.failNext("GET pods watch", 1, 500);
    time.advance(PodWatcher.SHORT_WATCH);
    server.endWatches();
    Awaitility.await().until(() -> watcher.listCount() >= 2);
    assertThat(time.waits()).as("the failed watch was waited for").contains(Duration.ofMillis(800));
  }
}
