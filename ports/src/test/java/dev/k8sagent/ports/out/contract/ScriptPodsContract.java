package dev.k8sagent.ports.out.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.k8sagent.domain.task.ExitCode;
import dev.k8sagent.domain.task.ScriptState;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.domain.task.TaskLifecycle;
import dev.k8sagent.ports.out.PodAdditions;
import dev.k8sagent.ports.out.PodLaunch;
import dev.k8sagent.ports.out.PodObservation;
import dev.k8sagent.ports.out.PodShape;
import dev.k8sagent.ports.out.ScriptPods;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ScriptPods} must do. An implementation under test provides pods and launches: a
 * launch whose script exits with a given code, and one whose script runs until it is stopped.
 */
public abstract class ScriptPodsContract {

  /** How long a pod may take to finish in these tests before they fail. */
  protected static final Duration PATIENCE = Duration.ofSeconds(30);

  private ScriptPods pods;

  protected abstract ScriptPods pods();

  /** A launch for {@code ticket} whose script exits with {@code exitCode} soon after it starts. */
  protected abstract PodLaunch launchExiting(ScriptTicket ticket, int exitCode);

  /** A launch for {@code ticket} whose script keeps running until it is cancelled. */
  protected abstract PodLaunch launchRunningUntilStopped(ScriptTicket ticket);

  @BeforeEach
  void setUp() {
    pods = pods();
  }

  @Test
  void
      the_shape_of_a_pod_shows_the_launch_environment_and_the_agents_own_volume_without_launching() {
    ScriptTicket ticket = new ScriptTicket("shape");
    PodLaunch launch = launchRunningUntilStopped(ticket);

    PodShape shape = pods.shapeOf(launch);

    assertThat(shape.environment()).containsAllEntriesOf(launch.environment());
    assertThat(shape.volumes())
        .anySatisfy(v -> assertThat(v.kind()).isEqualTo(PodAdditions.Volume.Kind.AGENT_OWNED));
    assertThat(shape.mounts())
        .isNotEmpty()
        .allSatisfy(
            m ->
                assertThat(shape.volumes())
                    .extracting(PodAdditions.Volume::name)
                    .contains(m.volume()));
    assertThat(shape.security().privileged()).isFalse();
    assertThat(pods.observe(ticket)).isEmpty();
  }

  @Test
  void a_pod_launched_with_additions_runs_like_any_other() {
    ScriptTicket ticket = new ScriptTicket("with-additions");
    PodAdditions additions =
        new PodAdditions(
            Map.of("team", "blue"),
            Map.of("note", "from a plugin"),
            Map.of("EXTRA_SETTING", "1"),
            List.of(),
            List.of(),
            List.of(),
            Optional.of(PodAdditions.PullPolicy.IF_NOT_PRESENT),
            List.of());

    pods.launch(launchExiting(ticket, 0).adding(additions));

    assertThat(completion(ticket)).isEqualTo(ExitCode.SUCCESS);
  }

  @Test
  void a_launched_pod_is_observable_at_once() {
    ScriptTicket ticket = new ScriptTicket("at-once");

    pods.launch(launchRunningUntilStopped(ticket));

    PodObservation seen = pods.observe(ticket).orElseThrow();
    assertThat(seen.ticket()).isEqualTo(ticket);
    assertThat(seen.lifecycle().state()).isIn(ScriptState.PENDING, ScriptState.RUNNING);
    pods.delete(ticket);
  }

  @Test
  void a_pod_completes_with_its_scripts_exit_code() {
    ScriptTicket ok = new ScriptTicket("exits-0");
    ScriptTicket failing = new ScriptTicket("exits-3");

    pods.launch(launchExiting(ok, 0));
    pods.launch(launchExiting(failing, 3));

    assertThat(completion(ok)).isEqualTo(ExitCode.SUCCESS);
    assertThat(completion(failing)).isEqualTo(ExitCode.of(3));
  }

  @Test
  void launching_the_same_ticket_twice_makes_one_pod() {
    ScriptTicket ticket = new ScriptTicket("twice");

    pods.launch(launchRunningUntilStopped(ticket));
    pods.launch(launchRunningUntilStopped(ticket));

    assertThat(pods.owned()).extracting(PodObservation::ticket).containsOnlyOnce(ticket);
    pods.delete(ticket);
  }

  @Test
  void owned_pods_are_listed_until_deleted() {
    ScriptTicket first = new ScriptTicket("owned-1");
    ScriptTicket second = new ScriptTicket("owned-2");
    pods.launch(launchRunningUntilStopped(first));
    pods.launch(launchExiting(second, 0));

    assertThat(pods.owned()).extracting(PodObservation::ticket).contains(first, second);

    pods.delete(first);
    pods.delete(second);

    assertThat(pods.owned()).extracting(PodObservation::ticket).doesNotContain(first, second);
    assertThat(pods.observe(first)).isEmpty();
  }

  @Test
  void a_cancelled_pod_reports_canceled_and_nothing_later_undoes_it() {
    ScriptTicket ticket = new ScriptTicket("cancelled");
    pods.launch(launchRunningUntilStopped(ticket));

    pods.cancel(ticket);

    assertThat(pods.observe(ticket).map(PodObservation::lifecycle))
        .contains(new TaskLifecycle.Complete(ExitCode.CANCELED));
    // The pod's own end (a killed container's exit code) arrives later; it must not replace it.
    await("pod " + ticket + " to stay cancelled")
        .during(Duration.ofMillis(300))
        .atMost(PATIENCE)
        .until(
            () -> pods.observe(ticket).map(PodObservation::lifecycle),
            seen -> seen.equals(Optional.of(new TaskLifecycle.Complete(ExitCode.CANCELED))));
    pods.delete(ticket);
  }

  @Test
  void unknown_tickets_are_not_observed_and_harmless_to_stop() {
    ScriptTicket unknown = new ScriptTicket("never-launched");

    pods.cancel(unknown);
    pods.delete(unknown);

    assertThat(pods.observe(unknown)).isEmpty();
  }

  private ExitCode completion(ScriptTicket ticket) {
    Optional<PodObservation> done =
        await("pod " + ticket + " to complete")
            .atMost(PATIENCE)
            .until(
                () -> pods.observe(ticket),
                seen -> seen.map(p -> p.lifecycle().state() == ScriptState.COMPLETE).orElse(false));
    return done.orElseThrow().lifecycle().reportedExitCode();
  }
}
