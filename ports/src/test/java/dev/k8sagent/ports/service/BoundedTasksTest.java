package dev.k8sagent.ports.service;

import static dev.k8sagent.ports.service.StartScripts.aScript;
import static org.assertj.core.api.Assertions.assertThat;

import dev.k8sagent.domain.task.OutputLine;
import dev.k8sagent.domain.task.ScriptState;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.domain.version.KubernetesVersion;
import dev.k8sagent.ports.in.CancelScript;
import dev.k8sagent.ports.in.ScriptStatus;
import dev.k8sagent.ports.in.ScriptStatusQuery;
import dev.k8sagent.ports.out.PodLaunch;
import dev.k8sagent.ports.out.twins.InMemoryScriptPods;
import dev.k8sagent.ports.out.twins.InMemoryWorkspaces;
import dev.k8sagent.ports.out.twins.PodLife;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bound on tasks running at once: a burst of StartScripts launches at most the bound, the rest
 * wait Pending with the reason in their log, and each task that ends hands its slot on.
 */
@Timeout(60)
class BoundedTasksTest {
  private final Clock clock = Clock.systemUTC();
  private final InMemoryWorkspaces workspaces = new InMemoryWorkspaces("/octopus", clock);
  private final InMemoryScriptPods pods = new InMemoryScriptPods(clock);

  private RunningScripts scripts(int maxRunning) {
    return new RunningScripts(
        workspaces,
        pods,
        request -> Optional.empty(),
        () -> Optional.of(KubernetesVersion.parse("v1.29.0")),
        ExecutionSettings.defaults().withMaxRunningTasks(maxRunning),
        clock);
  }

  private static ScriptTicket ticket(int i) {
    return new ScriptTicket("task-" + i);
  }

  @Test
  void a_thousand_start_scripts_at_once_launch_no_more_pods_than_the_bound() throws Exception {
    RunningScripts scripts = scripts(10);
    ExecutorService threads = Executors.newFixedThreadPool(16);
    try {
      List<Future<ScriptStatus>> started = new ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        ScriptTicket ticket = ticket(i);
        pods.script(ticket, PodLife.runningForever());
        started.add(threads.submit(() -> scripts.start(aScript(ticket).build())));
      }
      for (Future<ScriptStatus> status : started) {
        assertThat(status.get().state()).isNotEqualTo(ScriptState.COMPLETE);
      }
    } finally {
      threads.shutdownNow();
    }

    assertThat(pods.launches()).hasSize(10);
    assertThat(scripts.taskSlots()).isEqualTo(new RunningScripts.TaskSlotUse(10, 990));
    ScriptTicket waiting =
        java.util.stream.IntStream.range(0, 1_000)
            .mapToObj(BoundedTasksTest::ticket)
            .filter(t -> pods.launches().stream().noneMatch(l -> l.ticket().equals(t)))
            .findFirst()
            .orElseThrow();
    ScriptStatus status = scripts.status(new ScriptStatusQuery(waiting, 0));
    assertThat(status.state()).isEqualTo(ScriptState.PENDING);
    assertThat(status.logs())
        .extracting(OutputLine::text)
        .anyMatch(text -> text.contains("Waiting for a free task slot"))
        .anyMatch(text -> text.contains("K8SAGENT_MAX_RUNNING_TASKS"));
  }

  @Test
  void every_task_ends_and_all_slots_come_back_after_a_thousand_are_cancelled() {
    RunningScripts scripts = scripts(10);
    for (int i = 0; i < 1_000; i++) {
      pods.script(ticket(i), PodLife.runningForever());
      scripts.start(aScript(ticket(i)).build());
    }

    for (int i = 999; i >= 0; i--) {
      ScriptStatus status = scripts.cancel(new CancelScript(ticket(i), 0));
      assertThat(status.state()).isNotEqualTo(ScriptState.PENDING);
    }

    assertThat(scripts.taskSlots()).isEqualTo(new RunningScripts.TaskSlotUse(0, 0));
    assertThat(pods.launches())
        .as("queued tasks cancelled before their turn never launch")
        .hasSize(10);
  }

  @Test
  void a_slot_given_back_goes_to_the_task_that_waited_longest() {
    RunningScripts scripts = scripts(1);
    for (int i = 0; i < 3; i++) {
      pods.script(ticket(i), PodLife.runningForever());
      scripts.start(aScript(ticket(i)).build());
    }

    scripts.cancel(new CancelScript(ticket(0), 0));

    assertThat(pods.launches()).extracting(PodLaunch::ticket).containsExactly(ticket(0), ticket(1));
    assertThat(scripts.status(new ScriptStatusQuery(ticket(1), 0)).logs())
        .extracting(OutputLine::text)
        .contains("A task slot came free; starting the script");
    assertThat(scripts.status(new ScriptStatusQuery(ticket(2), 0)).state())
        .isEqualTo(ScriptState.PENDING);
  }

  @Test
  void the_call_that_frees_a_slot_answers_without_waiting_for_the_next_pod_create()
      throws Exception {
    java.util.concurrent.CountDownLatch createMayFinish =
        new java.util.concurrent.CountDownLatch(1);
    ExecutorService launcher = Executors.newSingleThreadExecutor();
    try {
      RunningScripts scripts =
          new RunningScripts(
              workspaces,
              new SlowCreates(pods, ticket(1), createMayFinish),
              request -> Optional.empty(),
              dev.k8sagent.ports.out.PodCustomizers.NONE,
              dev.k8sagent.ports.out.TaskObservers.NONE,
              () -> Optional.of(KubernetesVersion.parse("v1.29.0")),
              ExecutionSettings.defaults().withMaxRunningTasks(1),
              clock,
              launcher);
      for (int i = 0; i < 2; i++) {
        pods.script(ticket(i), PodLife.runningForever());
        scripts.start(aScript(ticket(i)).build());
      }

      // the API server is slow to create the waiting task's pod: the cancel is answered anyway
      ScriptStatus cancelled = scripts.cancel(new CancelScript(ticket(0), 0));
      assertThat(cancelled.ticket()).isEqualTo(ticket(0));
      assertThat(pods.launches()).extracting(PodLaunch::ticket).containsExactly(ticket(0));

      createMayFinish.countDown();
      org.awaitility.Awaitility.await()
          .untilAsserted(
              () ->
                  assertThat(pods.launches())
                      .extracting(PodLaunch::ticket)
                      .containsExactly(ticket(0), ticket(1)));
    } finally {
      createMayFinish.countDown();
      launcher.shutdownNow();
    }
  }

  /** Script pods whose create of one ticket's pod waits until the test lets it finish. */
  private record SlowCreates(
      dev.k8sagent.ports.out.ScriptPods pods,
      ScriptTicket slow,
      java.util.concurrent.CountDownLatch mayFinish)
      implements dev.k8sagent.ports.out.ScriptPods {
    @Override
    public dev.k8sagent.ports.out.PodShape shapeOf(PodLaunch launch) {
      return pods.shapeOf(launch);
    }

    @Override
    public void launch(PodLaunch launch) {
      if (launch.ticket().equals(slow)) {
        try {
          mayFinish.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      pods.launch(launch);
    }

    @Override
    public Optional<dev.k8sagent.ports.out.PodObservation> observe(ScriptTicket ticket) {
      return pods.observe(ticket);
    }

    @Override
    public List<dev.k8sagent.ports.out.PodObservation> owned() {
      return pods.owned();
    }

    @Override
    public void cancel(ScriptTicket ticket) {
      pods.cancel(ticket);
    }

    @Override
    public void delete(ScriptTicket ticket) {
      pods.delete(ticket);
    }
  }
}
