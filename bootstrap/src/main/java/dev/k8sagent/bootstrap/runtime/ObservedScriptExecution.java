package dev.k8sagent.bootstrap.runtime;

import dev.k8sagent.bootstrap.health.PrometheusMetrics;
import dev.k8sagent.domain.task.ExitCode;
import dev.k8sagent.domain.task.OutputLine;
import dev.k8sagent.domain.task.ScriptState;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.ports.in.CancelScript;
import dev.k8sagent.ports.in.CompleteScript;
import dev.k8sagent.ports.in.ScriptExecution;
import dev.k8sagent.ports.in.ScriptStatus;
import dev.k8sagent.ports.in.ScriptStatusQuery;
import dev.k8sagent.ports.in.StartScript;
import dev.k8sagent.ports.out.EventReason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ScriptExecution} as the server sees it, measured: the time from StartScript to the first
 * status that reports the script running (pod start) and complete (task duration), the output lines
 * and bytes every answer delivers, and an Event when a task's pod stayed Pending too long.
 */
final class ObservedScriptExecution implements ScriptExecution {
  /** Tasks timed at once; beyond this a task is run but not timed, rather than grow memory. */
  static final int MAX_TIMED = 10_000;

  /** When a task started, and whether its running and its end were recorded yet. */
  private static final class Timing {
    final Instant started;
    boolean running;
    boolean finished;

    Timing(Instant started) {
      this.started = started;
    }
  }

  private final ScriptExecution scripts;
  private final PrometheusMetrics metrics;
  private final AgentEvents events;
  private final Clock clock;
  private final Map<ScriptTicket, Timing> timings = new ConcurrentHashMap<>();

  ObservedScriptExecution(
      ScriptExecution scripts, PrometheusMetrics metrics, AgentEvents events, Clock clock) {
    this.scripts = scripts;
    this.metrics = metrics;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public ScriptStatus start(StartScript command) {
    if (timings.size() < MAX_TIMED) {
      timings.putIfAbsent(command.ticket(), new Timing(clock.instant()));
    }
    return observed(scripts.start(command));
  }

  @Override
  public ScriptStatus status(ScriptStatusQuery query) {
    return observed(scripts.status(query));
  }

  @Override
  public ScriptStatus cancel(CancelScript command) {
    return observed(scripts.cancel(command));
  }

  @Override
  public ScriptStatus complete(CompleteScript command) {
    ScriptStatus status = observed(scripts.complete(command));
    timings.remove(command.ticket());
    return status;
  }

  private ScriptStatus observed(ScriptStatus status) {
    long bytes = 0;
    for (OutputLine line : status.logs()) {
      bytes += line.text().getBytes(StandardCharsets.UTF_8).length;
    }
    metrics.outputDelivered(status.logs().size(), bytes);
    Timing timing = timings.get(status.ticket());
    if (timing != null) {
      synchronized (timing) {
        record(status, timing);
      }
    }
    return status;
  }

  private void record(ScriptStatus status, Timing timing) {
    Duration since = Duration.between(timing.started, clock.instant());
    if (status.state() != ScriptState.PENDING && !timing.running) {
      timing.running = true;
      if (!status.exitCode().equals(ExitCode.TIMEOUT)) {
        metrics.podStarted(since);
      }
    }
    if (status.state() == ScriptState.COMPLETE && !timing.finished) {
      timing.finished = true;
      metrics.taskFinished(since);
      if (status.exitCode().equals(ExitCode.TIMEOUT)) {
        events.aboutScriptPod(
            status.ticket(),
            EventReason.PENDING_TIMEOUT,
            "The script pod stayed Pending too long (OCTOPUS__K8STENTACLE__PENDINGPODSSTUCKAFTERMINUTES);"
                + " its task failed with Timeout");
      }
    }
  }
}
