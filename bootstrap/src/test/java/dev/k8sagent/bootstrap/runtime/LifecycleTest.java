package dev.k8sagent.bootstrap.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifecycleTest {
  private final List<String> events = new ArrayList<>();

  private Lifecycle.Step step(String name) {
    return new Lifecycle.Step(
        name, () -> events.add("start " + name), () -> events.add("stop " + name));
  }

  @Test
  void steps_start_in_order_and_stop_in_reverse() throws Exception {
    Lifecycle lifecycle = new Lifecycle(List.of(step("a"), step("b"), step("c")));

    lifecycle.start();
    assertThat(lifecycle.running()).containsExactly("a", "b", "c");
    lifecycle.stop();

    assertThat(events)
        .containsExactly("start a", "start b", "start c", "stop c", "stop b", "stop a");
    assertThat(lifecycle.running()).isEmpty();
  }

  @Test
  void a_step_that_fails_to_start_stops_those_started_and_the_failure_is_passed_on() {
    Lifecycle.Step failing =
        new Lifecycle.Step(
            "b",
            () -> {
              throw new IllegalStateException("port in use");
            },
            () -> events.add("stop b"));
    Lifecycle lifecycle = new Lifecycle(List.of(step("a"), failing, step("c")));

    assertThatThrownBy(lifecycle::start).hasMessage("port in use");

    assertThat(events).containsExactly("start a", "stop a");
    assertThat(lifecycle.running()).isEmpty();
  }

  @Test
  void a_step_that_fails_to_stop_does_not_keep_the_others_running() throws Exception {
    Lifecycle.Step failing =
        new Lifecycle.Step(
            "b",
            () -> events.add("start b"),
            () -> {
              throw new IllegalStateException("stuck");
            });
    Lifecycle lifecycle = new Lifecycle(List.of(step("a"), failing, step("c")));
    lifecycle.start();

    lifecycle.stop();
    lifecycle.stop();

    assertThat(events).containsExactly("start a", "start b", "start c", "stop c", "stop a");
  }
}
