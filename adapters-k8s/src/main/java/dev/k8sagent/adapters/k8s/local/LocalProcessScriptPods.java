package dev.k8sagent.adapters.k8s.local;

import dev.k8sagent.domain.task.ExitCode;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.domain.task.TaskLifecycle;
import dev.k8sagent.ports.out.PodAdditions;
import dev.k8sagent.ports.out.PodEvent;
import dev.k8sagent.ports.out.PodLaunch;
import dev.k8sagent.ports.out.PodObservation;
import dev.k8sagent.ports.out.PodShape;
import dev.k8sagent.ports.out.ScriptPods;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@link ScriptPods} that runs each task's "pod" as a local {@code sh} process in its workspace
 * directory: for the demo and for contributors who want real scripts without a cluster. The
 * workspace directories must be local paths (a {@code DirectoryWorkspaces} whose home is a local
 * directory). The image is not used. The runner's own messages (before it redirects the script's
 * output) go to {@value #PROCESS_LOG} in the workspace.
 *
 * <p>Processes do not outlive this object: {@link #close()} stops them, so a restarted agent finds
 * no pods to pick up again (a real cluster keeps them).
 */
public final class LocalProcessScriptPods implements ScriptPods, AutoCloseable {
  static final String PROCESS_LOG = "local-pod.log";
  private static final String WORKSPACE = "workspace";

  private final Clock clock;
  private final Duration gracePeriod;
  private final Map<ScriptTicket, LocalPod> pods = new ConcurrentHashMap<>();

  public LocalProcessScriptPods(Clock clock, Duration gracePeriod) {
    this.clock = clock;
    this.gracePeriod = gracePeriod;
  }

  /**
   * A local process has no labels, annotations or volumes of its own: its shape is its environment
   * and its workspace, and it runs with the agent's own rights. Of a launch's additions only the
   * environment applies here.
   */
  @Override
  public PodShape shapeOf(PodLaunch launch) {
    return new PodShape(
        Map.of(),
        Map.of(),
        launch.environment(),
        List.of(new PodAdditions.Volume(WORKSPACE, PodAdditions.Volume.Kind.AGENT_OWNED, "")),
        List.of(new PodAdditions.Mount(WORKSPACE, launch.workspaceDirectory(), false)),
        new PodShape.Security(false, false, true));
  }

  @Override
  public void launch(PodLaunch launch) {
    pods.computeIfAbsent(launch.ticket(), ticket -> start(launch));
  }

  private LocalPod start(PodLaunch launch) {
    Path workspace = Path.of(launch.workspaceDirectory());
    if (!Files.isDirectory(workspace)) {
      throw new IllegalArgumentException(
          "Workspace "
              + workspace
              + " of task "
              + launch.ticket()
              + " is not a local directory; LocalProcessScriptPods needs workspaces on local disk");
    }
    List<String> command = new ArrayList<>();
    command.add("sh");
    command.add(launch.runner());
    command.addAll(launch.runnerArguments());
    ProcessBuilder builder = new ProcessBuilder(command).directory(workspace.toFile());
    builder.environment().putAll(launch.additions().environment());
    builder.environment().putAll(launch.environment());
    File log = workspace.resolve(PROCESS_LOG).toFile();
    builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log));
    builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Instant created = clock.instant();
    try {
      Process process = builder.start();
      PodEvent started =
          new PodEvent(
              clock.instant(),
              "Started",
              "Started local process " + process.pid() + " for " + launch.ticket(),
              false);
      return new LocalPod(launch.ticket(), process, created, started);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot start sh for task " + launch.ticket() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<PodObservation> observe(ScriptTicket ticket) {
    return Optional.ofNullable(pods.get(ticket)).map(LocalPod::observation);
  }

  @Override
  public List<PodObservation> owned() {
    return pods.values().stream().map(LocalPod::observation).toList();
  }

  @Override
  public void cancel(ScriptTicket ticket) {
    LocalPod pod = pods.get(ticket);
    if (pod != null) {
      pod.cancel(gracePeriod);
    }
  }

  @Override
  public void delete(ScriptTicket ticket) {
    LocalPod pod = pods.remove(ticket);
    if (pod != null) {
      pod.stop(gracePeriod);
    }
  }

  /** Stops every process. */
  @Override
  public void close() {
    for (ScriptTicket ticket : List.copyOf(pods.keySet())) {
      delete(ticket);
    }
  }

  private static final class LocalPod {
    private final ScriptTicket ticket;
    private final Process process;
    private final Instant createdAt;
    private final List<PodEvent> events;
    private volatile boolean cancelled;

    LocalPod(ScriptTicket ticket, Process process, Instant createdAt, PodEvent started) {
      this.ticket = ticket;
      this.process = process;
      this.createdAt = createdAt;
      this.events = List.of(started);
    }

    PodObservation observation() {
      TaskLifecycle lifecycle;
      if (cancelled) {
        lifecycle = new TaskLifecycle.Complete(ExitCode.CANCELED);
      } else if (process.isAlive()) {
        lifecycle = TaskLifecycle.RUNNING;
      } else {
        lifecycle = new TaskLifecycle.Complete(ExitCode.of(process.exitValue()));
      }
      return new PodObservation(ticket, lifecycle, createdAt, events);
    }

    void cancel(Duration grace) {
      if (process.isAlive()) {
        cancelled = true; // before stopping, so no observation shows the signal's exit code
        stop(grace);
      }
    }

    /** SIGTERM to the process and its children, then SIGKILL after the grace period. */
    void stop(Duration grace) {
      List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
      tree.add(process.toHandle());
      tree.forEach(ProcessHandle::destroy);
      try {
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
          tree.forEach(ProcessHandle::destroyForcibly);
          process.waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        tree.forEach(ProcessHandle::destroyForcibly);
      }
    }
  }
}
