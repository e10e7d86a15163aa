package dev.k8sagent.ports.service;

import dev.k8sagent.domain.image.ContainerImage;
import dev.k8sagent.domain.image.ImagePullCredentials;
import dev.k8sagent.domain.task.ExitCode;
import dev.k8sagent.domain.task.Isolation;
import dev.k8sagent.domain.task.OutputBatch;
import dev.k8sagent.domain.task.OutputLine;
import dev.k8sagent.domain.task.OutputLog;
import dev.k8sagent.domain.task.OutputSequence;
import dev.k8sagent.domain.task.OutputSource;
import dev.k8sagent.domain.task.ScriptState;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.domain.task.ScriptType;
import dev.k8sagent.domain.task.TaskLifecycle;
import dev.k8sagent.domain.version.KubernetesVersion;
import dev.k8sagent.ports.in.CancelScript;
import dev.k8sagent.ports.in.CompleteScript;
import dev.k8sagent.ports.in.RequestRefused;
import dev.k8sagent.ports.in.ScriptExecution;
import dev.k8sagent.ports.in.ScriptFile;
import dev.k8sagent.ports.in.ScriptStatus;
import dev.k8sagent.ports.in.ScriptStatusQuery;
import dev.k8sagent.ports.in.StartScript;
import dev.k8sagent.ports.in.StepImage;
import dev.k8sagent.ports.out.ClusterInfo;
import dev.k8sagent.ports.out.ImageRequest;
import dev.k8sagent.ports.out.PodEvent;
import dev.k8sagent.ports.out.PodLaunch;
import dev.k8sagent.ports.out.PodObservation;
import dev.k8sagent.ports.out.ScriptPods;
import dev.k8sagent.ports.out.ToolingImages;
import dev.k8sagent.ports.out.WorkspaceRef;
import dev.k8sagent.ports.out.Workspaces;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs scripts in pods for the server: {@link ScriptExecution} on top of {@link Workspaces}, {@link
 * ScriptPods}, {@link ToolingImages} and {@link ClusterInfo}.
 *
 * <p>A task's output comes from the runner's output file in its workspace, never from the pod log;
 * its state from its pod and, decisively, from the end marker in that file. Every call is safe to
 * repeat. No thread of its own: work happens when the server asks, which it does every few seconds
 * for every running task.
 */
public final class RunningScripts implements ScriptExecution {
  private final Workspaces workspaces;
  private final ScriptPods pods;
  private final ToolingImages toolingImages;
  private final ClusterInfo clusterInfo;
  private final ExecutionSettings settings;
  private final Clock clock;
  private final Map<ScriptTicket, Task> tasks = new ConcurrentHashMap<>();
  private final IsolationMutexes mutexes = new IsolationMutexes();
  private final SecureRandom random = new SecureRandom();

  private final PodStarts podStarts = new PodStarts();

  public RunningScripts(
      Workspaces workspaces,
      ScriptPods pods,
      ToolingImages toolingImages,
      ClusterInfo clusterInfo,
      ExecutionSettings settings,
      Clock clock) {
    this.workspaces = workspaces;
    this.pods = pods;
    this.toolingImages = toolingImages;
    this.clusterInfo = clusterInfo;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public ScriptStatus start(StartScript command) {
    Task created = new Task(command.ticket());
    Task existing = tasks.putIfAbsent(command.ticket(), created);
    if (existing != null) {
      return status(new ScriptStatusQuery(command.ticket(), 0));
    }
    Optional<ScriptTicket> toLaunch;
    synchronized (created) {
      try {
        created.prepare(command);
      } catch (RuntimeException e) {
        tasks.remove(command.ticket());
        workspaces.delete(command.ticket());
        throw e;
      }
      toLaunch = created.launchOrWait(command.isolation());
    }
    toLaunch.ifPresent(this::launchWaiting);
    return status(new ScriptStatusQuery(command.ticket(), 0));
  }

  @Override
  public ScriptStatus status(ScriptStatusQuery query) {
    Task task = tasks.get(query.ticket());
    if (task == null) {
      return unknown(query.ticket(), query.lastLogSequence());
    }
    Optional<ScriptTicket> next;
    ScriptStatus status;
    synchronized (task) {
      task.lastAskedAt = clock.instant();
      next = task.refresh();
      status = task.statusAfter(query.lastLogSequence());
    }
    next.ifPresent(this::launchWaiting);
    return status;
  }

  @Override
  public ScriptStatus cancel(CancelScript command) {
    Task task = tasks.get(command.ticket());
    if (task == null) {
      return unknown(command.ticket(), command.lastLogSequence());
    }
    Optional<ScriptTicket> next;
    ScriptStatus status;
    synchronized (task) {
      task.lastAskedAt = clock.instant();
      next = task.cancel();
      status = task.statusAfter(command.lastLogSequence());
    }
    next.ifPresent(this::launchWaiting);
    return status;
  }

  @Override
  public ScriptStatus complete(CompleteScript command) {
    Task task = tasks.get(command.ticket());
    if (task == null) {
      return new ScriptStatus(
          command.ticket(),
          ScriptState.COMPLETE,
          ExitCode.UNKNOWN_RESULT,
          List.of(),
          command.lastLogSequence());
    }
    Optional<ScriptTicket> next;
    ScriptStatus status;
    synchronized (task) {
      task.refresh();
      status = task.statusAfter(command.lastLogSequence());
      next = task.releaseMutex();
      if (!settings.keepPods()) {
        pods.delete(command.ticket());
      }
      if (!settings.keepWorkspaces()) {
        workspaces.delete(command.ticket());
      }
      tasks.remove(command.ticket());
    }
    next.ifPresent(this::launchWaiting);
    return status;
  }

  /**
   * Picks up the pods this agent owns after a restart: each pod whose workspace still exists
   * becomes a task again, its output re-read from the start of its output file, so it is numbered
   * as before.
   *
   * @return the tickets taken up again
   */
  public List<ScriptTicket> reattach() {
    List<ScriptTicket> reattached = new ArrayList<>();
    for (PodObservation pod : pods.owned()) {
      if (tasks.containsKey(pod.ticket())) {
        continue;
      }
      Task task = new Task(pod.ticket());
      task.launched = true;
      task.launchedAt = pod.createdAt();
      task.startRecorded = true; // started under an earlier agent; not a start time to report
      if (tasks.putIfAbsent(pod.ticket(), task) == null) {
        reattached.add(pod.ticket());
      }
    }
    return reattached;
  }

  /**
   * Lets go of finished tasks the server has not asked about for {@code maxAge} (a task cancelled
   * or lost on the server side is never completed): their pods are deleted unless pods are kept,
   * and their workspaces are left to {@link CleaningWorkspaces}. Running tasks are never touched.
   *
   * @return the tickets let go
   */
  public List<ScriptTicket> forgetAbandonedOlderThan(java.time.Duration maxAge) {
    List<ScriptTicket> forgotten = new ArrayList<>();
    List<ScriptTicket> toLaunch = new ArrayList<>();
    for (Task task : List.copyOf(tasks.values())) {
      synchronized (task) {
        task.refresh().ifPresent(toLaunch::add);
        boolean finished = task.lifecycle instanceof TaskLifecycle.Complete;
        if (finished && task.lastAskedAt.plus(maxAge).isBefore(clock.instant())) {
          task.releaseMutex().ifPresent(toLaunch::add);
          if (!settings.keepPods()) {
            pods.delete(task.ticket);
          }
          tasks.remove(task.ticket);
          forgotten.add(task.ticket);
        }
      }
    }
    toLaunch.forEach(this::launchWaiting);
    return forgotten;
  }

  /** Tasks tracked now, by state (for metrics). */
  public java.util.Map<dev.k8sagent.domain.task.ScriptState, Integer> tasksByState() {
    java.util.Map<dev.k8sagent.domain.task.ScriptState, Integer> counts =
        new java.util.EnumMap<>(dev.k8sagent.domain.task.ScriptState.class);
    for (Task task : List.copyOf(tasks.values())) {
      synchronized (task) {
        counts.merge(task.lifecycle.state(), 1, Integer::sum);
      }
    }
    return counts;
  }

  /** How long pods took from launch to running, over every task so far (for metrics). */
  public PodStartTimes podStartTimes() {
    return podStarts.snapshot();
  }

  /** A count of pod starts and their total time, as a Prometheus summary reports them. */
  public record PodStartTimes(long count, Duration total) {}

  private static final class PodStarts {
    private long count;
    private Duration total = Duration.ZERO;

    synchronized void record(Duration took) {
      count++;
      total = total.plus(took);
    }

    synchronized PodStartTimes snapshot() {
      return new PodStartTimes(count, total);
    }
  }

  /** How many tasks the agent is tracking (for metrics). */
  public int trackedTasks() {
    return tasks.size();
  }

  private void launchWaiting(ScriptTicket ticket) {
    Task task = tasks.get(ticket);
    if (task == null) {
      return;
    }
    synchronized (task) {
      task.launchAfterWait();
    }
  }

  private static ScriptStatus unknown(ScriptTicket ticket, long cursor) {
    Instant now = Instant.now();
    List<OutputLine> lines =
        List.of(
            new OutputLine(
                Math.max(cursor, 0) + 1,
                OutputSource.STDERR,
                "The script pod for task "
                    + ticket
                    + " could not be found. It may have been deleted or evicted (for example when"
                    + " its node ran out of resources, or the NFS pod restarted), or the agent lost"
                    + " track of it.",
                now));
    return new ScriptStatus(
        ticket,
        ScriptState.COMPLETE,
        ExitCode.KUBERNETES_SCRIPT_POD_NOT_FOUND,
        lines,
        lines.get(lines.size() - 1).sequence());
  }

  /** One task. Every method runs with the task's monitor held. */
  private final class Task {
    private final ScriptTicket ticket;
    private final OutputLog log = new OutputLog();
    private final ScriptOutputReader reader;
    private TaskLifecycle lifecycle = TaskLifecycle.PENDING;
    private PodLaunch launch;
    private boolean launched;
    private Instant launchedAt;
    private Optional<String> mutexName = Optional.empty();
    private Optional<Instant> waitDeadline = Optional.empty();
    private boolean waiting;
    private int eventsSeen;
    private Optional<Instant> podEndedAt = Optional.empty();
    private Instant lastAskedAt;
    private boolean startRecorded;

    Task(ScriptTicket ticket) {
      this.ticket = ticket;
      this.lastAskedAt = clock.instant();
      this.reader = new ScriptOutputReader(workspaces, ticket, clock);
    }

    void prepare(StartScript command) {
      boolean powershell =
          !command.scripts().containsKey(ScriptType.BASH)
              && command.scripts().containsKey(ScriptType.POWERSHELL);
      WorkspaceRef workspace = workspaces.create(ticket);
      String script = command.scriptFor(powershell ? ScriptType.POWERSHELL : ScriptType.BASH);
      workspaces.write(
          ticket,
          powershell ? BootstrapRunner.POWERSHELL_SCRIPT : BootstrapRunner.BASH_SCRIPT,
          text(powershell ? script : script.replace("\r\n", "\n")),
          true);
      for (ScriptFile file : command.files()) {
        try (InputStream in = file.contents().open()) {
          if (file.encryptionPassword().isPresent()) {
            workspaces.write(
                ticket, file.name(), encrypted(file, in, file.encryptionPassword().get()), false);
          } else {
            workspaces.write(ticket, file.name(), in, false);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(
              "Reading file '" + file.name() + "' of script " + ticket + " failed", e);
        }
      }
      try (InputStream in = BootstrapRunner.script().open()) {
        workspaces.write(ticket, BootstrapRunner.RUNNER_FILE, in, true);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Optional<KubernetesVersion> cluster = clusterInfo.version();
      ContainerImage image =
          command
              .stepImage()
              .map(StepImage::image)
              .or(
                  () ->
                      toolingImages.imageFor(
                          new ImageRequest(
                              ticket, cluster, command.podPlatform(), command.authContext())))
              .orElseGet(() -> defaultImage(cluster));
      Optional<ImagePullCredentials> credentials =
          command.stepImage().flatMap(StepImage::credentials);
      launch =
          new PodLaunch(
              ticket,
              image,
              workspace.directory(),
              workspace.directory() + "/" + BootstrapRunner.RUNNER_FILE.asString(),
              BootstrapRunner.arguments(workspace.directory(), powershell, command.arguments()),
              command.serviceAccountName(),
              credentials,
              settings.podEnvironment());
    }

    private ContainerImage defaultImage(Optional<KubernetesVersion> cluster) {
      if (cluster.isPresent()) {
        return settings.kubernetesSupport().toolingImageFor(cluster.get());
      }
      KubernetesVersion newest = settings.kubernetesSupport().newest();
      say(
          OutputSource.DEBUG,
          "The cluster version is not known yet; using the tools image for Kubernetes "
              + newest.minorVersion());
      return settings.kubernetesSupport().toolingImageFor(newest);
    }

    /** Launches now, or queues behind the mutex; returns nothing to hand over (yet). */
    Optional<ScriptTicket> launchOrWait(Isolation isolation) {
      if (isolation instanceof Isolation.FullIsolation full) {
        mutexName = Optional.of(full.mutexName());
        if (!mutexes.acquireOrQueue(full.mutexName(), ticket)) {
          waiting = true;
          waitDeadline = full.timeout().map(timeout -> clock.instant().plus(timeout));
          say(
              OutputSource.STDOUT,
              "Waiting for the script isolation mutex '"
                  + full.mutexName()
                  + "', held by task "
                  + mutexes.holder(full.mutexName()).map(ScriptTicket::toString).orElse("(none)"));
          return Optional.empty();
        }
      }
      doLaunch();
      return Optional.empty();
    }

    void launchAfterWait() {
      if (waiting && !(lifecycle instanceof TaskLifecycle.Complete)) {
        waiting = false;
        say(
            OutputSource.STDOUT,
            "Acquired the script isolation mutex '" + mutexName.orElse("") + "'");
        doLaunch();
      }
    }

    private void doLaunch() {
      say(
          OutputSource.DEBUG,
          "Creating script pod for task " + ticket + " with image " + launch.image());
      pods.launch(launch);
      launched = true;
      launchedAt = clock.instant();
    }

    /**
     * Brings the task up to date; returns a waiting ticket to launch when a mutex was handed on.
     */
    Optional<ScriptTicket> refresh() {
      if (lifecycle instanceof TaskLifecycle.Complete) {
        return Optional.empty();
      }
      if (waiting) {
        if (waitDeadline.isPresent() && clock.instant().isAfter(waitDeadline.get())) {
          say(
              OutputSource.STDERR,
              "Timed out waiting for the script isolation mutex '"
                  + mutexName.orElse("")
                  + "', held by task "
                  + mutexName
                      .flatMap(mutexes::holder)
                      .map(ScriptTicket::toString)
                      .orElse("(none)"));
          return finish(ExitCode.TIMEOUT);
        }
        return Optional.empty();
      }
      if (!launched) {
        return Optional.empty();
      }
      Optional<ExitCode> ended = reader.readNew(log).map(end -> end.exitCode());
      if (ended.isPresent()) {
        scriptStarted(); // the runner wrote its end: the pod ran, however briefly
        return finish(ended.get());
      }
      Optional<PodObservation> seen = pods.observe(ticket);
      if (seen.isEmpty()) {
        if (reader.readNew(log).isPresent()) {
          scriptStarted();
          return finish(reader.exitCode().orElseThrow());
        }
        say(
            OutputSource.STDERR,
            "The script pod for task "
                + ticket
                + " could not be found. It may have been deleted or evicted (for example when its"
                + " node ran out of resources, or the NFS pod restarted).");
        return finish(ExitCode.KUBERNETES_SCRIPT_POD_NOT_FOUND);
      }
      PodObservation pod = seen.get();
      copyEvents(pod.events());
      if (pod.lifecycle() instanceof TaskLifecycle.Complete podDone) {
        if (podDone.exitCode().equals(ExitCode.CANCELED)) {
          return finish(ExitCode.CANCELED);
        }
        Instant endedAt = podEndedAt.orElseGet(clock::instant);
        podEndedAt = Optional.of(endedAt);
        if (Duration.between(endedAt, clock.instant()).compareTo(settings.missingEndMarkerGrace())
            < 0) {
          lifecycle = TaskLifecycle.RUNNING;
          return Optional.empty();
        }
        say(
            OutputSource.STDERR,
            "The script pod ended with exit code "
                + podDone.exitCode().value()
                + " but its runner never reported the script's end; the script's own exit code is"
                + " unknown");
        return finish(
            podDone.exitCode().isSuccess() ? ExitCode.UNKNOWN_RESULT : podDone.exitCode());
      }
      if (pod.lifecycle() instanceof TaskLifecycle.Pending) {
        Duration pending = Duration.between(pod.createdAt(), clock.instant());
        if (pending.compareTo(settings.pendingPodTimeout()) > 0) {
          String lastReason =
              pod.events().isEmpty()
                  ? ""
                  : " (last pod event: " + pod.events().get(pod.events().size() - 1).reason() + ")";
          say(
              OutputSource.STDERR,
              "The script pod stayed Pending for more than "
                  + settings.pendingPodTimeout().toMinutes()
                  + " minutes"
                  + lastReason
                  + "; giving up. Check that the cluster can schedule it and pull its image.");
          pods.cancel(ticket);
          return finish(ExitCode.TIMEOUT);
        }
      }
      TaskLifecycle.Transition transition = lifecycle.next(pod.lifecycle());
      lifecycle = transition.result();
      if (!(lifecycle instanceof TaskLifecycle.Pending)) {
        scriptStarted();
      }
      return Optional.empty();
    }

    private void copyEvents(List<PodEvent> events) {
      if (!settings.podEventsInTaskLog()) {
        eventsSeen = events.size();
        return;
      }
      for (int i = eventsSeen; i < events.size(); i++) {
        PodEvent event = events.get(i);
        say(
            event.warning() ? OutputSource.STDERR : OutputSource.DEBUG,
            "[POD EVENT] " + event.reason() + " | " + event.message());
      }
      eventsSeen = events.size();
    }

    Optional<ScriptTicket> cancel() {
      if (lifecycle instanceof TaskLifecycle.Complete) {
        return Optional.empty();
      }
      if (launched) {
        pods.cancel(ticket);
        reader.readNew(log);
      }
      say(OutputSource.STDOUT, "Script execution canceled.");
      return finish(ExitCode.CANCELED);
    }

    /** Records, once, how long the pod took from launch until its script ran. */
    private void scriptStarted() {
      if (!startRecorded && launchedAt != null) {
        startRecorded = true;
        podStarts.record(Duration.between(launchedAt, clock.instant()));
      }
    }

    private Optional<ScriptTicket> finish(ExitCode exitCode) {
      lifecycle = new TaskLifecycle.Complete(exitCode);
      return releaseMutex();
    }

    Optional<ScriptTicket> releaseMutex() {
      Optional<ScriptTicket> next = mutexName.flatMap(name -> mutexes.release(name, ticket));
      mutexName = Optional.empty();
      waiting = false;
      return next;
    }

    ScriptStatus statusAfter(long cursor) {
      log.discardThrough(cursor);
      OutputBatch batch = log.after(cursor, settings.maxLinesPerStatus());
      boolean everything = batch.nextSequence() >= log.lastSequence();
      TaskLifecycle reported =
          lifecycle instanceof TaskLifecycle.Complete && !everything
              ? TaskLifecycle.RUNNING
              : lifecycle;
      return new ScriptStatus(
          ticket,
          reported.state(),
          reported.reportedExitCode(),
          batch.lines(),
          batch.nextSequence());
    }

    private void say(OutputSource source, String text) {
      long sequence = OutputSequence.nextAgentLine(log.lastSequence());
      if (sequence < 0) {
        return; // a million agent lines since the last script line: the rest are not worth keeping
      }
      log.append(new OutputLine(sequence, source, text, clock.instant()));
    }
  }

  /** Files sent with a password are small (variables); refuse absurd ones before reading them. */
  private static final long MAX_ENCRYPTED_FILE_BYTES = 64L * 1024 * 1024;

  private InputStream encrypted(ScriptFile file, InputStream in, String password)
      throws IOException {
    if (file.contents().length() > MAX_ENCRYPTED_FILE_BYTES) {
      throw new RequestRefused(
          RequestRefused.Reason.TOO_LARGE,
          "The encrypted file '"
              + file.name()
              + "' is "
              + file.contents().length()
              + " bytes; at most "
              + MAX_ENCRYPTED_FILE_BYTES
              + " bytes can be encrypted");
    }
    return new ByteArrayInputStream(
        CalamariFileEncryption.encrypt(password, in.readAllBytes(), random));
  }

  private static InputStream text(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
