package dev.k8sagent.domain.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k8sagent.domain.task.TaskEnding.Evidence;
import dev.k8sagent.domain.task.TaskEnding.PodSighting;
import dev.k8sagent.domain.task.TaskEnding.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaskEndingTest {
  private static final Instant CREATED = Instant.parse("2026-11-24T10:00:00Z");
  private static final TaskEnding RULES =
      new TaskEnding(Duration.ofMinutes(60), Duration.ofSeconds(30));

  private static final Optional<ExitCode> NO_MARKER = Optional.empty();
  private static final Optional<Instant> NO_TIME = Optional.empty();

  @ParameterizedTest(name = "marker {0}, pod {1}, seen ended {2}s ago, {3} old: {4} {5}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
          # end marker | pod          | pod seen ended (s ago) | pod age  | verdict          | exit code
            3          | running      | -                      | PT10M    | ScriptEnded      | 3
            0          | exited 137   | 120                    | PT10M    | ScriptEnded      | 0
            5          | gone         | -                      | PT10M    | ScriptEnded      | 5
            -          | gone         | -                      | PT10M    | PodGone          | -81
            -          | cancelled    | -                      | PT10M    | PodCanceled      | -43
            -          | exited 2     | -                      | PT10M    | AwaitEndMarker   | -
            -          | exited 2     | 29                     | PT10M    | AwaitEndMarker   | -
            -          | exited 2     | 30                     | PT10M    | EndMarkerMissing | 2
            -          | exited 0     | 60                     | PT10M    | EndMarkerMissing | -46
            -          | pending      | -                      | PT60M    | FollowPod        | -
            -          | pending      | -                      | PT60M1S  | PendingTooLong   | -44
            -          | running      | -                      | PT30H    | FollowPod        | -
          """)
  void decides_when_a_task_is_over_and_with_which_exit_code(
      Integer marker,
      String pod,
      Integer endedSecondsAgo,
      Duration podAge,
      String verdict,
      Integer exitCode) {
    Instant now = CREATED.plus(podAge);
    Evidence evidence =
        new Evidence(
            Optional.ofNullable(marker).map(ExitCode::of),
            sighting(pod),
            Optional.ofNullable(endedSecondsAgo).map(now::minusSeconds),
            now);

    Verdict decided = RULES.decide(evidence);

    assertThat(decided.getClass().getSimpleName()).isEqualTo(verdict);
    if (exitCode == null) {
      assertThat(decided).isNotInstanceOf(Verdict.Over.class);
    } else {
      assertThat(((Verdict.Over) decided).exitCode()).isEqualTo(ExitCode.of(exitCode));
    }
  }

  @Test
  void a_pod_waiting_for_its_marker_keeps_the_time_its_end_was_first_seen() {
    Instant firstSeen = CREATED.plusSeconds(100);

    assertThat(RULES.decide(new Evidence(NO_MARKER, sighting("exited 1"), NO_TIME, firstSeen)))
        .isEqualTo(new Verdict.AwaitEndMarker(firstSeen));
    assertThat(
            RULES.decide(
                new Evidence(
                    NO_MARKER,
                    sighting("exited 1"),
                    Optional.of(firstSeen),
                    firstSeen.plusSeconds(10))))
        .isEqualTo(new Verdict.AwaitEndMarker(firstSeen));
  }

  @Test
  void the_pod_is_followed_with_its_own_state() {
    assertThat(RULES.decide(new Evidence(NO_MARKER, sighting("running"), NO_TIME, CREATED)))
        .isEqualTo(new Verdict.FollowPod(TaskLifecycle.RUNNING));
  }

  private static Optional<PodSighting> sighting(String pod) {
    TaskLifecycle lifecycle;
    if (pod.equals("gone")) {
      return Optional.empty();
    } else if (pod.equals("pending")) {
      lifecycle = TaskLifecycle.PENDING;
    } else if (pod.equals("running")) {
      lifecycle = TaskLifecycle.RUNNING;
    } else if (pod.equals("cancelled")) {
      lifecycle = new TaskLifecycle.Complete(ExitCode.CANCELED);
    } else if (pod.startsWith("exited ")) {
      lifecycle = new TaskLifecycle.Complete(ExitCode.of(Integer.parseInt(pod.substring(7))));
    } else {
      throw new IllegalArgumentException("Unknown pod in the table: " + pod);
    }
    return Optional.of(new PodSighting(lifecycle, CREATED));
  }

  @Test
  void without_a_grace_period_a_pod_without_a_marker_is_over_as_soon_as_it_ends() {
    TaskEnding impatient = new TaskEnding(Duration.ofMinutes(60), Duration.ZERO);

    Verdict verdict =
        impatient.decide(new Evidence(NO_MARKER, sighting("exited 4"), NO_TIME, CREATED));

    assertThat(verdict).isEqualTo(new Verdict.EndMarkerMissing(ExitCode.of(4)));
  }

  @Test
  void a_timeout_that_is_not_positive_is_refused() {
    assertThatThrownBy(() -> new TaskEnding(Duration.ZERO, Duration.ofSeconds(30)))
        .hasMessageContaining("pending pod timeout must be positive");
    assertThatThrownBy(() -> new TaskEnding(Duration.ofMinutes(1), Duration.ofSeconds(-1)))
        .hasMessageContaining("negative");
  }
}
