package dev.k8sagent.adapters.k8s.pods;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k8sagent.adapters.k8s.ApiCalls;
import dev.k8sagent.adapters.k8s.RequestBudget;
import dev.k8sagent.adapters.k8s.fake.FakeApiServer;
import dev.k8sagent.domain.task.ScriptTicket;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The list-and-watch loop against the fake API server, with time moved by hand. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PodWatcherTest {
  private static final String NAMESPACE = "octopus-agent";
  private static final ScriptPodTimings TIMINGS =
      new ScriptPodTimings(
          Duration.ofSeconds(5),
          Duration.ofMinutes(10),
          Duration.ofSeconds(2),
          Duration.ofMillis(10),
          Duration.ofMillis(50));

  private final FakeApiServer server = FakeApiServer.started();
  private final CoreV1Api api = new CoreV1Api(server.client());
  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-11-30T08:00:00Z"));
  private final ScriptPodCache cache = new ScriptPodCache();
  private final PodWatcher watcher =
      new PodWatcher(
          api,
          server.watchClient(),
          new ApiCalls(1, Duration.ofMillis(10)),
          NAMESPACE,
          PodNames.ownerSelector("agent"),
          cache,
          TIMINGS,
          now::get,
          RequestBudget.Sleeper.REAL,
          () -> 0);

  @AfterEach
  void stop() throws Exception {
    watcher.close();
    server.close();
  }

  @Test
  void pods_that_exist_before_the_start_are_listed_and_later_ones_are_watched() throws Exception {
    create("before", "agent");
    watcher.start();
    await(() -> cache.get(new ScriptTicket("before")).isPresent(), "the first list");

    create("after", "agent");

    await(() -> cache.get(new ScriptTicket("after")).isPresent(), "the watch event");
    assertThat(watcher.listCount()).isEqualTo(1);
  }

  @Test
  void the_pods_are_listed_again_once_the_relist_interval_has_passed_on_the_clock()
      throws Exception {
    watcher.start();
    await(() -> server.watchesStarted() >= 1, "the first watch");

    create("within-interval", "agent");
    await(() -> cache.get(new ScriptTicket("within-interval")).isPresent(), "the watch event");
    assertThat(watcher.listCount()).as("no list while the interval runs").isEqualTo(1);

    advance(TIMINGS.relistEvery());
    create("after-interval", "agent");

    await(() -> watcher.listCount() == 2, "a fresh list");
    await(() -> server.watchesStarted() >= 2, "a new watch from the fresh list");
    await(() -> cache.get(new ScriptTicket("after-interval")).isPresent(), "the listed pod");
  }

  @Test
  void a_pod_deleted_while_no_watch_was_open_is_gone_after_the_next_list() throws Exception {
    create("short-lived", "agent");
    watcher.start();
    await(() -> cache.get(new ScriptTicket("short-lived")).isPresent(), "the first list");
    await(() -> server.watchesStarted() >= 1, "the first watch");

    server.failNext("GET pods", 1, 403); // the next list fails, and is retried
    server.expireWatches();
    api.deleteNamespacedPod(PodNames.pod(new ScriptTicket("short-lived")), NAMESPACE).execute();

    await(() -> cache.get(new ScriptTicket("short-lived")).orElseThrow().gone(), "the pod gone");
    assertThat(watcher.listCount()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void another_releases_pods_are_not_followed() throws Exception {
    watcher.start();
    await(() -> server.watchesStarted() >= 1, "the first watch");

    create("theirs", "other-release");
    create("ours", "agent");

    await(() -> cache.get(new ScriptTicket("ours")).isPresent(), "our pod");
    assertThat(cache.get(new ScriptTicket("theirs"))).isEmpty();
  }

  private void create(String ticket, String release) throws Exception {
    ScriptTicket scriptTicket = new ScriptTicket(ticket);
    Map<String, String> labels = new HashMap<>(PodNames.ownerLabels(release));
    api.createNamespacedPod(
            NAMESPACE,
            new V1Pod()
                .apiVersion("v1")
                .kind("Pod")
                .metadata(
                    new V1ObjectMeta()
                        .name(PodNames.pod(scriptTicket))
                        .namespace(NAMESPACE)
                        .labels(labels)
                        .annotations(Map.of(PodNames.TICKET_ANNOTATION, ticket))))
        .execute();
  }

  private static void await(Callable<Boolean> condition, String what) {
    Awaitility.await(what).atMost(Duration.ofSeconds(20)).until(condition);
  }

  private void advance(Duration duration) {
    now.updateAndGet(instant -> instant.plus(duration));
  }
}
