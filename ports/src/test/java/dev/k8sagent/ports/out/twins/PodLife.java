package dev.k8sagent.ports.out.twins;

import dev.k8sagent.domain.task.ExitCode;
import dev.k8sagent.domain.task.TaskLifecycle;
import dev.k8sagent.ports.out.PodEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A scripted life for an {@link InMemoryScriptPods} pod: the states it shows, one per observation,
 * staying in the last one; and the events that appear with each state.
 *
 * <pre>{@code
 * PodLife.pending(2).thenRunning(3).thenExit(0)   // 2 observations Pending, 3 Running, then Complete(0)
 * PodLife.pending(1).withEvent(new PodEvent(at, "Failed", "ErrImagePull", true)).forever()
 * }</pre>
 */
public final class PodLife {
  private final List<Step> steps;

  private PodLife(List<Step> steps) {
    this.steps = List.copyOf(steps);
  }

  record Step(TaskLifecycle lifecycle, List<PodEvent> events) {}

  public static Builder pending(int observations) {
    return new Builder().add(TaskLifecycle.PENDING, observations);
  }

  public static Builder running(int observations) {
    return new Builder().add(TaskLifecycle.RUNNING, observations);
  }

  /** Pending once, Running once, then the exit code. */
  public static PodLife exiting(int exitCode) {
    return pending(1).thenRunning(1).thenExit(exitCode);
  }

  /** Running until cancelled or deleted. */
  public static PodLife runningForever() {
    return pending(1).thenRunning(1).forever();
  }

  List<Step> steps() {
    return steps;
  }

  /** Builds a {@link PodLife}. */
  public static final class Builder {
    private final List<Step> steps = new ArrayList<>();

    private Builder add(TaskLifecycle lifecycle, int observations) {
      if (observations < 1) {
        throw new IllegalArgumentException("a state lasts at least one observation");
      }
      for (int i = 0; i < observations; i++) {
        steps.add(new Step(lifecycle, List.of()));
      }
      return this;
    }

    /** An event that appears when the pod reaches the last observation added so far. */
    public Builder withEvent(PodEvent event) {
      int last = steps.size() - 1;
      Step step = steps.get(last);
      List<PodEvent> events = new ArrayList<>(step.events());
      events.add(Objects.requireNonNull(event));
      steps.set(last, new Step(step.lifecycle(), events));
      return this;
    }

    public Builder thenRunning(int observations) {
      return add(TaskLifecycle.RUNNING, observations);
    }

    public PodLife thenExit(int exitCode) {
      add(new TaskLifecycle.Complete(ExitCode.of(exitCode)), 1);
      return new PodLife(steps);
    }

    /** Stays in the last state added. */
    public PodLife forever() {
      return new PodLife(steps);
    }
  }
}
