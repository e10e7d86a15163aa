package dev.k8sagent.domain.task;

import java.util.Objects;

/**
 * Where a task is in its life: {@link Pending} → {@link Running} → {@link Complete}, or straight
 * from Pending to Complete (cancelled before it ran, pod never started). Complete is final.
 *
 * <p>A task follows what is observed of it (its pod, as a watch or a restarted agent sees it)
 * through {@link #next(TaskLifecycle)}, which says whether the observation moves the task forward,
 * changes nothing, or is refused and why. How a launched task ends is {@link TaskEnding}'s to
 * decide.
 */
public sealed interface TaskLifecycle
    permits TaskLifecycle.Pending, TaskLifecycle.Running, TaskLifecycle.Complete {

  Pending PENDING = new Pending();
  Running RUNNING = new Running();

  ScriptState state();

  /** The exit code the server is told: the real one once complete, 0 before (as Tentacle does). */
  ExitCode reportedExitCode();

  /** Decides what an observed state means for a task currently in this state. */
  default Transition next(TaskLifecycle observed) {
    Objects.requireNonNull(observed, "observed");
    if (observed.equals(this)) {
      return new Transition.Unchanged(this);
    }
    if (this instanceof Complete done) {
      return new Transition.Rejected(
          this, "the task already completed with exit code " + done.exitCode().describe());
    }
    if (observed.state().ordinal() < state().ordinal()) {
      return new Transition.Rejected(
          this, "a task cannot go back from " + state() + " to " + observed.state());
    }
    return new Transition.Advanced(observed);
  }

  /** Waiting for its pod to be scheduled, pulled and started. */
  record Pending() implements TaskLifecycle {
    @Override
    public ScriptState state() {
      return ScriptState.PENDING;
    }

    @Override
    public ExitCode reportedExitCode() {
      return ExitCode.SUCCESS;
    }
  }

  /** The script is running. */
  record Running() implements TaskLifecycle {
    @Override
    public ScriptState state() {
      return ScriptState.RUNNING;
    }

    @Override
    public ExitCode reportedExitCode() {
      return ExitCode.SUCCESS;
    }
  }

  /** Finished, with the exit code the server will see. No way out of this state. */
  record Complete(ExitCode exitCode) implements TaskLifecycle {
    public Complete {
      Objects.requireNonNull(exitCode, "exitCode");
    }

    @Override
    public ScriptState state() {
      return ScriptState.COMPLETE;
    }

    @Override
    public ExitCode reportedExitCode() {
      return exitCode;
    }
  }

  /** What an observation does to a task. */
  sealed interface Transition {
    /** The state the task is in after the observation. */
    TaskLifecycle result();

    record Advanced(TaskLifecycle result) implements Transition {}

    record Unchanged(TaskLifecycle result) implements Transition {}

    record Rejected(TaskLifecycle result, String reason) implements Transition {}
  }
}
