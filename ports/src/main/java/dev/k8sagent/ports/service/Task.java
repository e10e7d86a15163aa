package dev.k8sagent.ports.service;

import dev.k8sagent.domain.task.ExitCode;
import dev.k8sagent.domain.task.Isolation;
import dev.k8sagent.domain.task.OutputBatch;
import dev.k8sagent.domain.task.OutputLine;
import dev.k8sagent.domain.task.OutputLog;
import dev.k8sagent.domain.task.OutputSequence;
import dev.k8sagent.domain.task.OutputSource;
import dev.k8sagent.domain.task.ScriptOutputFormat;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.domain.task.TaskEnding.Evidence;
import dev.k8sagent.domain.task.TaskEnding.PodSighting;
import dev.k8sagent.domain.task.TaskEnding.Verdict;
import dev.k8sagent.domain.task.TaskLifecycle;
import dev.k8sagent.ports.in.ScriptStatus;
import dev.k8sagent.ports.out.ImageRequest;
import dev.k8sagent.ports.out.PodEvent;
import dev.k8sagent.ports.out.PodLaunch;
import dev.k8sagent.ports.out.PodObservation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One task: its phase, its output so far, the isolation mutex and the task slot it holds or waits
 * for. Every method runs with the task's monitor held by the caller. Methods that can release a
 * mutex or a slot return the tickets they were handed to, to be launched once the monitor is let
 * go.
 */
final class Task {
  private final ScriptTicket ticket;
  private final TaskContext context;

  /** The agent's own lines; the script's stay in the output file (see ScriptOutputReader). */
  private final OutputLog log = new OutputLog();

  private final ScriptOutputReader reader;

  /** Volatile so metrics read it without the monitor, which a stalled volume can hold for long. */
  private volatile TaskPhase phase;

  private PodLaunch launch;
  private Optional<String> mutexName = Optional.empty();
  private int eventsSeen;
  private Instant lastAskedAt;
  private ImageRequest described;

  private Task(ScriptTicket ticket, TaskContext context, TaskPhase phase) {
    this.ticket = ticket;
    this.context = context;
    this.phase = phase;
    this.lastAskedAt = context.clock().instant();
    this.described = ImageRequest.of(ticket);
    this.reader = new ScriptOutputReader(context.workspaces(), ticket, context.clock());
  }

  /** A task the server has just started, before its workspace is written. */
  static Task preparing(ScriptTicket ticket, TaskContext context) {
    return new Task(ticket, context, new TaskPhase.Preparing());
  }

  /** A task whose pod an earlier agent launched; its start time is not this agent's to report. */
  static Task reattached(ScriptTicket ticket, TaskContext context) {
    context.slots().take(ticket); // its pod runs already, whatever the bound
    return new Task(
        ticket,
        context,
        new TaskPhase.Launched(TaskLifecycle.PENDING, Optional.empty(), Optional.empty()));
  }

  ScriptTicket ticket() {
    return ticket;
  }

  TaskPhase phase() {
    return phase;
  }

  boolean isFinished() {
    return phase instanceof TaskPhase.Finished;
  }

  /** What its observers are told about the task. */
  void describedAs(ImageRequest known) {
    described = known;
  }

  /** The server asked about the task now. */
  void asked() {
    lastAskedAt = context.clock().instant();
  }

  /** True when the server has not asked about the task for longer than {@code maxAge}. */
  boolean unaskedFor(Duration maxAge) {
    return lastAskedAt.plus(maxAge).isBefore(context.clock().instant());
  }

  /** Launches the pod now, or queues the task behind its isolation mutex or for a task slot. */
  void launchOrQueue(PodLaunch launch, Isolation isolation) {
    this.launch = launch;
    if (isolation instanceof Isolation.FullIsolation full) {
      mutexName = Optional.of(full.mutexName());
      if (!context.mutexes().acquireOrQueue(full.mutexName(), ticket)) {
        phase =
            new TaskPhase.Queued(
                full.mutexName(),
                full.timeout().map(timeout -> context.clock().instant().plus(timeout)));
        say(
            OutputSource.STDOUT,
            "Waiting for the script isolation mutex '"
                + full.mutexName()
                + "', held by task "
                + holderOf(full.mutexName()));
        return;
      }
    }
    launchInSlotOrWait();
  }

  /**
   * Launches a queued task whose mutex or slot was handed to it. A launch that fails here ends this
   * task, not the call of the task that let the mutex or slot go.
   *
   * @return tickets handed a mutex or slot because this launch failed
   */
  List<ScriptTicket> launchAfterWait() {
    try {
      if (phase instanceof TaskPhase.Queued queued) {
        say(
            OutputSource.STDOUT,
            "Acquired the script isolation mutex '" + queued.mutexName() + "'");
        launchInSlotOrWait();
      } else if (phase instanceof TaskPhase.AwaitingSlot) {
        say(OutputSource.STDOUT, "A task slot came free; starting the script");
        launchPod();
      }
      return List.of();
    } catch (RuntimeException e) {
      say(OutputSource.STDERR, "Could not start the script: " + e.getMessage());
      return finish(ExitCode.FATAL);
    }
  }

  private void launchInSlotOrWait() {
    if (!context.slots().acquireOrQueue(ticket)) {
      phase = new TaskPhase.AwaitingSlot();
      say(
          OutputSource.STDOUT,
          "Waiting for a free task slot: "
              + context.slots().capacity()
              + " tasks are running, the most this agent runs at once (K8SAGENT_MAX_RUNNING_TASKS);"
              + " this task starts when one of them finishes");
      return;
    }
    launchPod();
  }

  private void launchPod() {
    say(
        OutputSource.DEBUG,
        "Creating script pod for task " + ticket + " with image " + launch.image());
    context.pods().launch(launch);
    context.observers().started(described, launch.image());
    phase =
        new TaskPhase.Launched(
            TaskLifecycle.PENDING, Optional.of(context.clock().instant()), Optional.empty());
  }

  /** Brings the task up to date with its mutex wait, its output file and its pod. */
  List<ScriptTicket> refresh() {
    if (phase instanceof TaskPhase.Queued queued) {
      return giveUpWaitingPastDeadline(queued);
    }
    if (phase instanceof TaskPhase.Launched launched) {
      return follow(launched);
    }
    return List.of();
  }

  private List<ScriptTicket> giveUpWaitingPastDeadline(TaskPhase.Queued queued) {
    if (queued.deadline().isEmpty()
        || !context.clock().instant().isAfter(queued.deadline().get())) {
      return List.of();
    }
    say(
        OutputSource.STDERR,
        "Timed out waiting for the script isolation mutex '"
            + queued.mutexName()
            + "', held by task "
            + holderOf(queued.mutexName()));
    return finish(ExitCode.TIMEOUT);
  }

  private List<ScriptTicket> follow(TaskPhase.Launched launched) {
    Optional<ExitCode> marker = readEndMarker();
    Optional<PodObservation> pod = Optional.empty();
    if (marker.isEmpty()) {
      pod = context.pods().observe(ticket);
      if (pod.isPresent()) {
        copyEvents(pod.get().events());
      } else {
        marker = readEndMarker(); // the runner may have written its end just before the pod went
      }
    }
    Verdict verdict =
        context
            .ending()
            .decide(
                new Evidence(
                    marker,
                    pod.map(seen -> new PodSighting(seen.lifecycle(), seen.createdAt())),
                    launched.podEndSeenAt(),
                    context.clock().instant()));
    if (verdict instanceof Verdict.Over over) {
      return end(over, pod);
    }
    if (verdict instanceof Verdict.AwaitEndMarker waiting) {
      phase = launched.awaitingEndMarker(waiting.podEndSeenAt());
      return List.of();
    }
    TaskLifecycle observed = ((Verdict.FollowPod) verdict).podLifecycle();
    phase = launched.following(launched.lifecycle().next(observed).result());
    if (!(phase.lifecycle() instanceof TaskLifecycle.Pending)) {
      scriptStarted();
    }
    return List.of();
  }

  private Optional<ExitCode> readEndMarker() {
    return reader
        .follow(log, context.settings().maxLinesPerStatus())
        .map(ScriptOutputFormat.Parsed.End::exitCode);
  }

  private List<ScriptTicket> end(Verdict.Over over, Optional<PodObservation> pod) {
    if (over instanceof Verdict.ScriptEnded) {
      scriptStarted(); // the runner wrote its end: the pod ran, however briefly
    } else if (over instanceof Verdict.PodGone) {
      say(
          OutputSource.STDERR,
          "The script pod for task "
              + ticket
              + " could not be found. It may have been deleted or evicted (for example when its"
              + " node ran out of resources, or the NFS pod restarted).");
    } else if (over instanceof Verdict.EndMarkerMissing missing) {
      say(
          OutputSource.STDERR,
          "The script pod ended with exit code "
              + missing.podExitCode().value()
              + " but its runner never reported the script's end; the script's own exit code is"
              + " unknown");
    } else if (over instanceof Verdict.PendingTooLong tooLong) {
      List<PodEvent> events = pod.map(PodObservation::events).orElse(List.of());
      String lastReason =
          events.isEmpty()
              ? ""
              : " (last pod event: " + events.get(events.size() - 1).reason() + ")";
      say(
          OutputSource.STDERR,
          "The script pod stayed Pending for more than "
              + tooLong.limit().toMinutes()
              + " minutes"
              + lastReason
              + "; giving up. Check that the cluster can schedule it and pull its image.");
      context.pods().cancel(ticket);
    }
    return finish(over.exitCode());
  }

  private void copyEvents(List<PodEvent> events) {
    if (context.settings().podEventsInTaskLog()) {
      for (int i = eventsSeen; i < events.size(); i++) {
        PodEvent event = events.get(i);
        say(
            event.warning() ? OutputSource.STDERR : OutputSource.DEBUG,
            "[POD EVENT] " + event.reason() + " | " + event.message());
      }
    }
    eventsSeen = events.size();
  }

  /** Stops the task: its pod is cancelled (when launched) and it finishes as Canceled. */
  List<ScriptTicket> cancel() {
    if (isFinished()) {
      return List.of();
    }
    if (phase instanceof TaskPhase.Launched) {
      context.pods().cancel(ticket);
      readEndMarker();
    }
    say(OutputSource.STDOUT, "Script execution canceled.");
    return finish(ExitCode.CANCELED);
  }

  /** Records, once, how long the pod took from launch until its script ran. */
  private void scriptStarted() {
    if (phase instanceof TaskPhase.Launched launched && launched.startMeasuredFrom().isPresent()) {
      context
          .metrics()
          .podStarted(
              Duration.between(launched.startMeasuredFrom().get(), context.clock().instant()));
      phase = launched.startMeasured();
    }
  }

  private List<ScriptTicket> finish(ExitCode exitCode) {
    phase = new TaskPhase.Finished(exitCode);
    context.observers().ended(described, exitCode);
    return releaseHolds();
  }

  /**
   * Lets go of the isolation mutex and the task slot, held or waited for; returns the tickets they
   * were handed to.
   */
  List<ScriptTicket> releaseHolds() {
    List<ScriptTicket> next = new ArrayList<>(2);
    mutexName.flatMap(name -> context.mutexes().release(name, ticket)).ifPresent(next::add);
    mutexName = Optional.empty();
    context.slots().release(ticket).ifPresent(next::add);
    return next;
  }

  private String holderOf(String mutex) {
    return context.mutexes().holder(mutex).map(ScriptTicket::toString).orElse("(none)");
  }

  /**
   * The output after {@code cursor} (at most a status' worth) and the state. A finished task is
   * reported Running until the server has every line, so it asks again.
   */
  ScriptStatus statusAfter(long cursor) {
    OutputBatch batch = reader.after(cursor, context.settings().maxLinesPerStatus(), log);
    // an empty answer means nothing more can be sent (also when the file went away with its lines)
    boolean everything = batch.nextSequence() >= lastSequence() || batch.lines().isEmpty();
    TaskLifecycle reported =
        isFinished() && !everything ? TaskLifecycle.RUNNING : phase.lifecycle();
    return new ScriptStatus(
        ticket, reported.state(), reported.reportedExitCode(), batch.lines(), batch.nextSequence());
  }

  /**
   * Lets go of what a refresh held for the answer (the output read ahead and the open output file)
   * when no answer is coming or the request failed; harmless after {@link #statusAfter}.
   */
  void letGo() {
    reader.letGo();
  }

  private long lastSequence() {
    return Math.max(reader.lastSequence(), log.lastSequence());
  }

  /** Adds a line of the agent's own to the task's output. */
  void say(OutputSource source, String text) {
    long sequence = OutputSequence.nextAgentLine(lastSequence());
    if (sequence < 0) {
      return; // a million agent lines since the last script line: the rest are not worth keeping
    }
    log.append(new OutputLine(sequence, source, text, context.clock().instant()));
  }
}
