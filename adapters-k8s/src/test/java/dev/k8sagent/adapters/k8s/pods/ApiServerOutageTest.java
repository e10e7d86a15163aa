package dev.k8sagent.adapters.k8s.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k8sagent.domain.task.ScriptTicket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fault: the API server answers 503 to every request of the agent's for two minutes of (virtual)
 * time while its tasks run and finish. Status answers keep coming from what the agent knows; the
 * agent keeps to a few calls a minute; when the API server is back every task's exit code arrives,
 * and a new task starts, without a restart.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ApiServerOutageTest {
  private final FaultyClusterFixture cluster = new FaultyClusterFixture();

  @AfterEach
  void stop() throws Exception {
    cluster.close();
  }

  @Test
  void tasks_that_end_during_two_minutes_of_5xx_are_all_reported_when_the_server_is_back() {
    List<ScriptTicket> tickets = cluster.launchHeldTasks("outage", 20);

    Duration outageStart = cluster.time.elapsed();
    int callsBefore = cluster.listsAndWatches();
    cluster.time.holdAt(outageStart.plus(Duration.ofMinutes(2)));
    cluster.server.failEverythingWith(503);
    cluster.kubelet.resume(); // the pods run and end while the agent cannot hear of it

    for (ScriptTicket ticket : tickets) {
      assertThat(cluster.pods.observe(ticket)).as("a status answer during the outage").isPresent();
    }
    // The create's retries wait on the same clock as the pod watcher's: whichever reaches the
    // two-minute hold first waits there, so the create runs beside the test, not in its way.
    CompletableFuture<Void> refused =
        CompletableFuture.runAsync(
            () -> cluster.pods.launch(FaultyClusterFixture.launch(new ScriptTicket("refused"))));
    Awaitility.await().until(cluster.time::holding);
    int callsDuringOutage = cluster.listsAndWatches() - callsBefore;
    cluster.time.release(); // still failing: a create waiting for its next try gets 503 again
    assertThatThrownBy(refused::join)
        .as("a create during the outage fails, saying why, after its retries")
        .hasMessageContaining("HTTP 503");
    cluster.server.failEverythingWith(0);

    cluster.awaitEveryExitCode(tickets);
    assertThat(callsDuringOutage)
        .as("lists and watches in two minutes of outage, retries included")
        .isLessThanOrEqualTo(60);
    cluster.awaitANewTaskToRun("after-outage");
  }
}
