package dev.k8sagent.ports.service;

import dev.k8sagent.domain.task.ExitCode;
import dev.k8sagent.domain.task.OutputLine;
import dev.k8sagent.domain.task.OutputSource;
import dev.k8sagent.domain.task.ScriptState;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.domain.task.TaskEnding;
import dev.k8sagent.ports.in.CancelScript;
import dev.k8sagent.ports.in.CompleteScript;
import dev.k8sagent.ports.in.RequestRefused;
import dev.k8sagent.ports.in.ScriptExecution;
import dev.k8sagent.ports.in.ScriptStatus;
import dev.k8sagent.ports.in.ScriptStatusQuery;
import dev.k8sagent.ports.in.StartScript;
import dev.k8sagent.ports.in.StepImage;
import dev.k8sagent.ports.out.ClusterInfo;
import dev.k8sagent.ports.out.ImageRequest;
import dev.k8sagent.ports.out.PodCustomizers;
import dev.k8sagent.ports.out.PodLaunch;
import dev.k8sagent.ports.out.ScriptPods;
import dev.k8sagent.ports.out.TaskObservers;
import dev.k8sagent.ports.out.ToolingImages;
import dev.k8sagent.ports.out.Workspaces;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Runs scripts in pods for the server: {@link ScriptExecution} on top of {@link Workspaces}, {@link
 * ScriptPods}, {@link ToolingImages} and {@link ClusterInfo}.
 *
 * <p>A task's output comes from the runner's output file in its workspace, never from the pod log;
 * its state from its pod and, decisively, from the end marker in that file ({@link TaskEnding}
 * decides when it is over). Every call is safe to repeat. No thread of its own: work happens when
 * the server asks, which it does every few seconds for every running task.
 *
 * <p>The parts: {@link PreparingWorkspace}, {@link ChoosingImage}, {@link CustomizingPod}, {@link
 * Task} (one task and its {@link TaskPhase}), {@link ReattachingAfterRestart}, {@link
 * ForgettingAbandonedTasks} and {@link ExecutionMetrics}.
 */
public final class RunningScripts implements ScriptExecution {
  private final Workspaces workspaces;
  private final ScriptPods pods;
  private final ExecutionSettings settings;
  private final Clock clock;
  private final Tasks tasks;
  private final ExecutionMetrics metrics = new ExecutionMetrics();
  private final TaskContext context;
  private final PreparingWorkspace preparing;
  private final ChoosingImage choosingImage;
  private final CustomizingPod customizing;
  private final ReattachingAfterRestart reattaching;
  private final ForgettingAbandonedTasks forgetting;

  public RunningScripts(
      Workspaces workspaces,
      ScriptPods pods,
      ToolingImages toolingImages,
      ClusterInfo clusterInfo,
      ExecutionSettings settings,
      Clock clock) {
    this(
        workspaces,
        pods,
        toolingImages,
        PodCustomizers.NONE,
        TaskObservers.NONE,
        clusterInfo,
        settings,
        clock);
  }

  /** With the plugins' pod customizers and task observers. */
  public RunningScripts(
      Workspaces workspaces,
      ScriptPods pods,
      ToolingImages toolingImages,
      PodCustomizers customizers,
      TaskObservers observers,
      ClusterInfo clusterInfo,
      ExecutionSettings settings,
      Clock clock) {
    this(
        workspaces,
        pods,
        toolingImages,
        customizers,
        observers,
        clusterInfo,
        settings,
        clock,
        Runnable::run);
  }

  /**
   * @param launcher runs the launch of a task that was waiting for its isolation mutex or a task
   *     slot, once another task hands it over: the agent passes a thread of its own so the server's
   *     call that freed the slot is answered at once; {@code Runnable::run} launches in that call
   */
  public RunningScripts(
      Workspaces workspaces,
      ScriptPods pods,
      ToolingImages toolingImages,
      PodCustomizers customizers,
      TaskObservers observers,
      ClusterInfo clusterInfo,
      ExecutionSettings settings,
      Clock clock,
      Executor launcher) {
    this.tasks = new Tasks(launcher);
    this.workspaces = workspaces;
    this.pods = pods;
    this.settings = settings;
    this.clock = clock;
    this.context =
        new TaskContext(
            workspaces,
            pods,
            settings,
            new TaskEnding(settings.pendingPodTimeout(), settings.missingEndMarkerGrace()),
            new IsolationMutexes(),
            new TaskSlots(settings.maxRunningTasks()),
            metrics,
            observers,
            clock);
    this.preparing = new PreparingWorkspace(workspaces);
    this.choosingImage =
        new ChoosingImage(toolingImages, clusterInfo, settings.kubernetesSupport());
    this.customizing = new CustomizingPod(customizers, pods);
    this.reattaching = new ReattachingAfterRestart(pods, tasks, context);
    this.forgetting = new ForgettingAbandonedTasks(tasks, pods, settings.keepPods());
  }

  @Override
  public ScriptStatus start(StartScript command) {
    ScriptTicket ticket = command.ticket();
    Task created = Task.preparing(ticket, context);
    Optional<Task> known = tasks.addIfAbsent(created);
    known.ifPresent(task -> refuseOtherSpelling(ticket, task.ticket()));
    if (known.isEmpty()) {
      List<ScriptTicket> handedOn = List.of();
      RuntimeException failed = null;
      synchronized (created) {
        try {
          created.launchOrQueue(prepareLaunch(command, created), command.isolation());
        } catch (RuntimeException e) {
          // nothing runs: the mutex and slot go to the next task, and a retried start begins anew
          handedOn = created.releaseHolds();
          tasks.remove(ticket);
          workspaces.delete(ticket);
          failed = e;
        }
      }
      tasks.launchWaiting(handedOn);
      if (failed != null) {
        throw failed;
      }
    }
    return status(new ScriptStatusQuery(ticket, 0));
  }

  /**
   * Tickets compare ignoring case, as Octopus compares them, so two spellings name one task. A
   * repeated StartScript carries the very ticket it was first sent with; one that differs only in
   * case is another task that would silently get this one's output, so it is refused.
   */
  private static void refuseOtherSpelling(ScriptTicket asked, ScriptTicket running) {
    if (!asked.taskId().equals(running.taskId())) {
      throw new RequestRefused(
          RequestRefused.Reason.INVALID_REQUEST,
          "Script ticket '"
              + asked
              + "' differs only in case from '"
              + running
              + "', a task this agent already has. Tickets are compared ignoring case; start a new"
              + " task with a ticket that differs in more than case.");
    }
  }

  private PodLaunch prepareLaunch(StartScript command, Task task) {
    PreparingWorkspace.Prepared workspace = preparing.prepare(command);
    ImageRequest known = choosingImage.taskOf(command);
    task.describedAs(known);
    ChoosingImage.Choice image = choosingImage.choose(command, known);
    image.notes().forEach(note -> task.say(OutputSource.DEBUG, note));
    CustomizingPod.Customized customized =
        customizing.customize(
            new PodLaunch(
                command.ticket(),
                image.image(),
                workspace.directory(),
                workspace.runner(),
                workspace.runnerArguments(),
                command.serviceAccountName(),
                command.stepImage().flatMap(StepImage::credentials),
                settings.podEnvironment(),
                image.pull()),
            known,
            command.stepImage().map(StepImage::image));
    customized.notes().forEach(note -> task.say(OutputSource.DEBUG, note));
    return customized.launch();
  }

  @Override
  public ScriptStatus status(ScriptStatusQuery query) {
    return asked(query.ticket(), query.lastLogSequence(), Task::refresh);
  }

  @Override
  public ScriptStatus cancel(CancelScript command) {
    return asked(command.ticket(), command.lastLogSequence(), Task::cancel);
  }

  /** The server asked about a task: changes it, then reports what the server has not seen. */
  private ScriptStatus asked(
      ScriptTicket ticket, long cursor, Function<Task, List<ScriptTicket>> change) {
    Optional<Task> found = tasks.get(ticket);
    if (found.isEmpty()) {
      return unknown(ticket, cursor);
    }
    Task task = found.get();
    List<ScriptTicket> next;
    ScriptStatus status;
    synchronized (task) {
      try {
        task.asked();
        next = change.apply(task);
        status = task.statusAfter(cursor);
      } finally {
        task.letGo();
      }
    }
    tasks.launchWaiting(next);
    return status;
  }

  @Override
  public ScriptStatus complete(CompleteScript command) {
    Optional<Task> found = tasks.get(command.ticket());
    if (found.isEmpty()) {
      return new ScriptStatus(
          command.ticket(),
          ScriptState.COMPLETE,
          ExitCode.UNKNOWN_RESULT,
          List.of(),
          command.lastLogSequence());
    }
    Task task = found.get();
    List<ScriptTicket> toLaunch = new ArrayList<>();
    ScriptStatus status;
    synchronized (task) {
      try {
        toLaunch.addAll(task.refresh());
        status = task.statusAfter(command.lastLogSequence());
      } finally {
        task.letGo();
      }
      toLaunch.addAll(task.releaseHolds());
      if (!settings.keepPods()) {
        pods.delete(command.ticket());
      }
      if (!settings.keepWorkspaces()) {
        workspaces.delete(command.ticket());
      }
      tasks.remove(command.ticket());
    }
    tasks.launchWaiting(toLaunch);
    return status;
  }

  /**
   * Picks up the pods this agent owns after a restart (see {@link ReattachingAfterRestart}).
   *
   * @return the tickets taken up again
   */
  public List<ScriptTicket> reattach() {
    return reattaching.reattach();
  }

  /**
   * Lets go of finished tasks the server has not asked about for {@code maxAge} (see {@link
   * ForgettingAbandonedTasks}).
   *
   * @return the tickets let go
   */
  public List<ScriptTicket> forgetAbandonedOlderThan(Duration maxAge) {
    return forgetting.forgetOlderThan(maxAge);
  }

  /** Tasks tracked now, by state (for metrics). */
  public Map<ScriptState, Integer> tasksByState() {
    return ExecutionMetrics.tasksByState(tasks);
  }

  /** How long pods took from launch to running, over every task so far (for metrics). */
  public PodStartTimes podStartTimes() {
    return metrics.podStartTimes();
  }

  /** A count of pod starts and their total time, as a Prometheus summary reports them. */
  public record PodStartTimes(long count, Duration total) {}

  /** How many tasks hold a slot, and how many wait for one (for metrics). */
  public TaskSlotUse taskSlots() {
    return new TaskSlotUse(context.slots().running(), context.slots().waiting());
  }

  /** Tasks running in a slot and tasks waiting for one. */
  public record TaskSlotUse(int running, int waiting) {}

  /** How many tasks the agent is tracking (for metrics). */
  public int trackedTasks() {
    return tasks.size();
  }

  private ScriptStatus unknown(ScriptTicket ticket, long cursor) {
    OutputLine line =
        new OutputLine(
            Math.max(cursor, 0) + 1,
            OutputSource.STDERR,
            "The script pod for task "
                + ticket
                + " could not be found. It may have been deleted or evicted (for example when"
                + " its node ran out of resources, or the NFS pod restarted), or the agent lost"
                + " track of it.",
            clock.instant());
    return new ScriptStatus(
        ticket,
        ScriptState.COMPLETE,
        ExitCode.KUBERNETES_SCRIPT_POD_NOT_FOUND,
        List.of(line),
        line.sequence());
  }
}
