package dev.k8sagent.ports.out.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.k8sagent.domain.image.ContainerImage;
import dev.k8sagent.domain.task.ExitCode;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.ports.out.ImageRequest;
import dev.k8sagent.ports.out.TaskObservers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link TaskObservers} must do: what it is told reaches its observers, in order, with
 * the image and the exit code. {@link #told()} is what the observers have seen so far, written as
 * {@code started <ticket> <image>} and {@code ended <ticket> <exit code>}. Delivery may be later
 * than the call, so the tests wait for it.
 */
public abstract class TaskObserversContract {
  private static final ContainerImage IMAGE = ContainerImage.parse("registry.local/tools:2.1");
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  /** The implementation under test, with the observers {@link #told()} reports on. */
  protected abstract TaskObservers observers();

  protected abstract List<String> told() throws Exception;

  @Test
  void the_start_and_the_end_with_its_exit_code_reach_the_observers_in_order() {
    TaskObservers observers = observers();
    ImageRequest task = ImageRequest.of(new ScriptTicket("observed-1"));

    observers.started(task, IMAGE);
    observers.ended(task, ExitCode.of(3));

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(told())
                    .containsExactly(
                        "started observed-1 registry.local/tools:2.1", "ended observed-1 3"));
  }

  @Test
  void every_task_is_told_apart() {
    TaskObservers observers = observers();

    observers.ended(ImageRequest.of(new ScriptTicket("a")), ExitCode.SUCCESS);
    observers.ended(ImageRequest.of(new ScriptTicket("b")), ExitCode.CANCELED);

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(told())
                    .containsExactly("ended a 0", "ended b " + ExitCode.CANCELED.value()));
  }
}
