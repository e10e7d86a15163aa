package dev.k8sagent.ports.out.twins;

import dev.k8sagent.domain.task.ExitCode;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.domain.task.TaskLifecycle;
import dev.k8sagent.ports.out.PodAdditions;
import dev.k8sagent.ports.out.PodEvent;
import dev.k8sagent.ports.out.PodLaunch;
import dev.k8sagent.ports.out.PodObservation;
import dev.k8sagent.ports.out.PodShape;
import dev.k8sagent.ports.out.ScriptPods;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ScriptPods} that replays a scripted {@link PodLife} per ticket instead of running
 * anything: every {@link #observe} moves a pod one step along its life. Deterministic, for service
 * tests. Tickets without a script get {@link PodLife#exiting(int) exiting(0)}.
 */
public final class InMemoryScriptPods implements ScriptPods {
  private static final String TICKET_LABEL = "ticket";
  private static final String WORKSPACE = "workspace";
  private final Clock clock;
  private final Map<ScriptTicket, PodLife> scripts = new ConcurrentHashMap<>();
  private final Map<ScriptTicket, Pod> pods = new ConcurrentHashMap<>();
  private final List<PodLaunch> launches = new ArrayList<>();

  public InMemoryScriptPods(Clock clock) {
    this.clock = clock;
  }

  /** The life the pod for {@code ticket} will lead once launched. */
  public InMemoryScriptPods script(ScriptTicket ticket, PodLife life) {
    scripts.put(ticket, life);
    return this;
  }

  /** Every launch request received, in order, including repeated ones. */
  public synchronized List<PodLaunch> launches() {
    return List.copyOf(launches);
  }

  /** Makes the pod disappear as if evicted or deleted by someone else. */
  public void vanish(ScriptTicket ticket) {
    pods.remove(ticket);
  }

  /** The launch's environment and its workspace, restricted: nothing of a real pod's settings. */
  @Override
  public PodShape shapeOf(PodLaunch launch) {
    return new PodShape(
        Map.of(TICKET_LABEL, launch.ticket().taskId()),
        Map.of(),
        launch.environment(),
        List.of(new PodAdditions.Volume(WORKSPACE, PodAdditions.Volume.Kind.AGENT_OWNED, "")),
        List.of(new PodAdditions.Mount(WORKSPACE, launch.workspaceDirectory(), false)),
        PodShape.Security.RESTRICTED);
  }

  @Override
  public void launch(PodLaunch launch) {
    synchronized (this) {
      launches.add(launch);
    }
    pods.computeIfAbsent(
        launch.ticket(),
        t -> new Pod(t, scripts.getOrDefault(t, PodLife.exiting(0)), clock.instant()));
  }

  @Override
  public Optional<PodObservation> observe(ScriptTicket ticket) {
    return Optional.ofNullable(pods.get(ticket)).map(Pod::advance);
  }

  @Override
  public List<PodObservation> owned() {
    return pods.values().stream().map(Pod::current).toList();
  }

  @Override
  public void cancel(ScriptTicket ticket) {
    Pod pod = pods.get(ticket);
    if (pod != null) {
      pod.cancel();
    }
  }

  @Override
  public void delete(ScriptTicket ticket) {
    pods.remove(ticket);
  }

  private static final class Pod {
    private final ScriptTicket ticket;
    private final List<PodLife.Step> steps;
    private final Instant createdAt;
    private final List<PodEvent> events = new ArrayList<>();
    private int position;
    private boolean cancelled;

    Pod(ScriptTicket ticket, PodLife life, Instant createdAt) {
      this.ticket = ticket;
      this.steps = life.steps();
      this.createdAt = createdAt;
      events.addAll(steps.get(0).events());
    }

    synchronized PodObservation advance() {
      PodObservation seen = current();
      if (!cancelled && position < steps.size() - 1) {
        position++;
        events.addAll(steps.get(position).events());
      }
      return seen;
    }

    synchronized PodObservation current() {
      TaskLifecycle lifecycle =
          cancelled
              ? new TaskLifecycle.Complete(ExitCode.CANCELED)
              : steps.get(position).lifecycle();
      return new PodObservation(ticket, lifecycle, createdAt, events);
    }

    synchronized void cancel() {
      if (!(steps.get(position).lifecycle() instanceof TaskLifecycle.Complete)) {
        cancelled = true;
      }
    }
  }
}
