package dev.k8sagent.domain.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k8sagent.domain.task.TaskLifecycle.Complete;
import dev.k8sagent.domain.task.TaskLifecycle.Transition;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TaskLifecycleTest {

  private static final Complete DONE = new Complete(ExitCode.SUCCESS);
  private static final Complete FAILED = new Complete(ExitCode.of(2));
  private static final Complete CANCELED = new Complete(ExitCode.CANCELED);

  static Stream<Arguments> observations() {
    return Stream.of(
        Arguments.of(TaskLifecycle.PENDING, TaskLifecycle.PENDING, Transition.Unchanged.class),
        Arguments.of(TaskLifecycle.PENDING, TaskLifecycle.RUNNING, Transition.Advanced.class),
        Arguments.of(TaskLifecycle.PENDING, DONE, Transition.Advanced.class),
        Arguments.of(TaskLifecycle.RUNNING, TaskLifecycle.RUNNING, Transition.Unchanged.class),
        Arguments.of(TaskLifecycle.RUNNING, FAILED, Transition.Advanced.class),
        Arguments.of(TaskLifecycle.RUNNING, TaskLifecycle.PENDING, Transition.Rejected.class),
        Arguments.of(DONE, DONE, Transition.Unchanged.class),
        Arguments.of(DONE, TaskLifecycle.RUNNING, Transition.Rejected.class),
        Arguments.of(DONE, TaskLifecycle.PENDING, Transition.Rejected.class),
        Arguments.of(CANCELED, FAILED, Transition.Rejected.class));
  }

  @ParameterizedTest(name = "{0} observing {1} is {2}")
  @MethodSource("observations")
  void a_task_only_moves_forward_and_complete_is_final(
      TaskLifecycle current, TaskLifecycle observed, Class<? extends Transition> expected) {
    Transition transition = current.next(observed);

    assertThat(transition).isInstanceOf(expected);
    TaskLifecycle expectedResult = expected == Transition.Advanced.class ? observed : current;
    assertThat(transition.result()).isEqualTo(expectedResult);
  }

  @Test
  void a_rejected_observation_says_why() {
    Transition transition = CANCELED.next(FAILED);

    assertThat(((Transition.Rejected) transition).reason())
        .contains("already completed with exit code -43 (Canceled)");
  }

  @Test
  void the_server_sees_exit_code_zero_until_the_task_completes() {
    assertThat(TaskLifecycle.PENDING.reportedExitCode()).isEqualTo(ExitCode.SUCCESS);
    assertThat(TaskLifecycle.RUNNING.reportedExitCode()).isEqualTo(ExitCode.SUCCESS);
    assertThat(FAILED.reportedExitCode()).isEqualTo(ExitCode.of(2));
  }

  @Test
  void states_carry_the_wire_values_of_the_protocol() {
    assertThat(TaskLifecycle.PENDING.state().wireValue()).isZero();
    assertThat(TaskLifecycle.RUNNING.state().wireValue()).isEqualTo(1);
    assertThat(DONE.state().wireValue()).isEqualTo(2);
    assertThat(ScriptState.fromWire(2)).isEqualTo(ScriptState.COMPLETE);
  }
}
