package dev.k8sagent.adapters.k8s.pods;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k8sagent.domain.task.ScriptTicket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fault: for a minute of (virtual) time every watch is closed the moment it opens, as a proxy that
 * cuts long requests does, while the agent's tasks run and finish. The agent backs off instead of
 * spinning, does not list again for it, and once watches stay open it resumes from the version it
 * had and hears of every task's end, without a restart.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WatchesClosedTest {
  private final FaultyClusterFixture cluster = new FaultyClusterFixture();

  @AfterEach
  void stop() throws Exception {
    cluster.close();
  }

  @Test
  void tasks_that_end_while_every_watch_is_cut_are_all_reported_once_watches_hold() {
    List<ScriptTicket> tickets = cluster.launchHeldTasks("cut", 20);
    cluster.time.advance(PodWatcher.SHORT_WATCH); // the first watch was a healthy one

    Duration cutStart = cluster.time.elapsed();
    long listsBefore = cluster.pods.listCount();
    long watchesBefore = cluster.pods.watchCount();
    cluster.time.holdAt(cutStart.plus(Duration.ofMinutes(1)));
    cluster.server.closeWatchesAtOnce(true);
    cluster.kubelet.resume();
    Awaitility.await().until(cluster.time::holding);
    long watchesDuringCut = cluster.pods.watchCount() - watchesBefore;
    cluster.server.closeWatchesAtOnce(false);
    cluster.time.release();

    cluster.awaitEveryExitCode(tickets);
    assertThat(watchesDuringCut)
        .as(
            "watches in a minute of cut watches: at once, then after 0.8, 1.6, 3.2, 6.4, 12.8, 25.6 s")
        .isEqualTo(7);
    assertThat(cluster.pods.listCount())
        .as("ended watches are resumed from their version, not listed again")
        .isEqualTo(listsBefore);
    cluster.awaitANewTaskToRun("after-cut");
  }
}
