package dev.k8sagent.bootstrap.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LifecycleTest {
  private final List<String> events = Collections.synchronizedList(new ArrayList<>());

  private Lifecycle.Step step(String name) {
    return new Lifecycle.Step(
        name, () -> events.add("start " + name), () -> events.add("stop " + name));
  }

  private Lifecycle.Step failingToStart(String name, String message) {
    return new Lifecycle.Step(
        name,
        () -> {
          throw new IllegalStateException(message);
        },
        () -> events.add("stop " + name));
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
    Lifecycle lifecycle =
        new Lifecycle(List.of(step("a"), failingToStart("b", "port in use"), step("c")));

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

  @Test
  void lanes_start_side_by_side_and_what_follows_waits_for_all_of_them() throws Exception {
    CountDownLatch otherLaneStarted = new CountDownLatch(1);
    Lifecycle.Step waiting =
        new Lifecycle.Step(
            "registration",
            () -> {
              // started one after the other, this would wait for the other lane in vain
              if (!otherLaneStarted.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the lanes did not start side by side");
              }
              events.add("start registration");
            },
            () -> events.add("stop registration"));
    Lifecycle.Step signalling =
        new Lifecycle.Step(
            "pod watch",
            () -> {
              events.add("start pod watch");
              otherLaneStarted.countDown();
            },
            () -> events.add("stop pod watch"));
    Lifecycle lifecycle =
        new Lifecycle(
            List.of(
                step("a"),
                new Lifecycle.Together(
                    List.of(List.of(waiting), List.of(signalling, step("reattach")))),
                step("polling")));

    lifecycle.start();

    assertThat(events.subList(0, 4))
        .containsExactlyInAnyOrder(
            "start a", "start registration", "start pod watch", "start reattach");
    assertThat(events).containsSubsequence("start pod watch", "start reattach", "start polling");
    assertThat(events).containsSubsequence("start registration", "start polling");
    assertThat(lifecycle.running())
        .containsExactly("a", "registration", "pod watch", "reattach", "polling");
    lifecycle.stop();
    assertThat(events.subList(5, events.size()))
        .containsExactly(
            "stop polling", "stop reattach", "stop pod watch", "stop registration", "stop a");
  }

  @Test
  void a_lane_that_fails_stops_every_step_started_beside_it_and_its_failure_is_passed_on() {
    Lifecycle.Step refused =
        failingToStart("registration", "Registration was refused: no such space");
    Lifecycle lifecycle =
        new Lifecycle(
            List.of(
                step("a"),
                new Lifecycle.Together(
                    List.of(List.of(refused, step("never")), List.of(step("pod watch")))),
                step("polling")));

    assertThatThrownBy(lifecycle::start).hasMessage("Registration was refused: no such space");

    assertThat(events).containsExactly("start a", "start pod watch", "stop pod watch", "stop a");
    assertThat(lifecycle.running()).isEmpty();
  }
}
