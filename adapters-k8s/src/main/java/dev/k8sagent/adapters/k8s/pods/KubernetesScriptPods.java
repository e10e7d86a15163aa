package dev.k8sagent.adapters.k8s.pods;

import dev.k8sagent.adapters.k8s.ApiCalls;
import dev.k8sagent.adapters.k8s.RequestBudget;
import dev.k8sagent.adapters.k8s.TolerantJson;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.domain.task.TaskLifecycle;
import dev.k8sagent.ports.out.PodEvent;
import dev.k8sagent.ports.out.PodLaunch;
import dev.k8sagent.ports.out.PodObservation;
import dev.k8sagent.ports.out.PodShape;
import dev.k8sagent.ports.out.ScriptPods;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Pod;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * {@link ScriptPods} on a Kubernetes cluster through the official client. The cluster is the source
 * of truth; a {@link PodWatcher} keeps a {@link ScriptPodCache} of this agent's pods in step with
 * it, and a pod just created is tracked from the create response at once, so GetStatus never waits
 * for the watch. State and exit code come from {@link ScriptPodStates}; a cancel is remembered
 * apart from the watched state, so no later event can undo it. Pod events come from {@link
 * PodEvents}, pull secrets for a step's feed from {@link FeedPullSecrets}. Responses are read
 * tolerantly ({@link TolerantJson}): a field the agent does not use cannot fail a call.
 *
 * <p>{@code watchClient} must have no read timeout (a watch is a long read); {@code client} should
 * have one.
 */
public final class KubernetesScriptPods implements ScriptPods, AutoCloseable {
  private final CoreV1Api api;
  private final ScriptPodSettings settings;
  private final ScriptPodTimings timings;
  private final Clock clock;
  private final ApiCalls calls;
  private final ScriptPodCache cache = new ScriptPodCache();
  private final PodWatcher watcher;
  private final PodEvents events;
  private final FeedPullSecrets feedSecrets;

  public KubernetesScriptPods(
      ApiClient client,
      ApiClient watchClient,
      ScriptPodSettings settings,
      ScriptPodTimings timings,
      Clock clock,
      ApiCalls calls) {
    this(
        client,
        watchClient,
        settings,
        timings,
        clock,
        calls,
        RequestBudget.Sleeper.REAL,
        Math::random);
  }

  /** As above, with how the watch loop waits between failed rounds and how it spreads its waits. */
  KubernetesScriptPods(
      ApiClient client,
      ApiClient watchClient,
      ScriptPodSettings settings,
      ScriptPodTimings timings,
      Clock clock,
      ApiCalls calls,
      RequestBudget.Sleeper watchSleeper,
      DoubleSupplier jitter) {
    TolerantJson.install();
    this.api = new CoreV1Api(client);
    this.settings = settings;
    this.timings = timings;
    this.clock = clock;
    this.calls = calls;
    this.watcher =
        new PodWatcher(
            api,
            watchClient,
            calls,
            settings.namespace(),
            PodNames.ownerSelector(settings.releaseName()),
            cache,
            timings,
            clock,
            watchSleeper,
            jitter);
    this.events = new PodEvents(api, calls, settings.namespace(), clock, timings.eventInterval());
    this.feedSecrets =
        new FeedPullSecrets(api, calls, settings.namespace(), settings.releaseName());
  }

  /** Starts following the cluster's pods in the background. */
  public void start() {
    watcher.start();
  }

  /** How many watches the background loop has opened. */
  long watchCount() {
    return watcher.watchCount();
  }

  /** How many times the pods have been listed (the first list and every re-list). */
  public long listCount() {
    return watcher.listCount();
  }

  @Override
  public PodShape shapeOf(PodLaunch launch) {
    return ScriptPodSpecs.shapeOf(launch, settings);
  }

  @Override
  public void launch(PodLaunch launch) {
    Optional<TrackedPod> known = cache.get(launch.ticket());
    if (known.isPresent() && !known.get().gone()) {
      return;
    }
    Optional<String> feedSecret = launch.pullCredentials().map(feedSecrets::ensure);
    V1Pod pod = ScriptPodSpecs.build(launch, settings, feedSecret);
    String name = pod.getMetadata().getName();
    V1Pod created;
    try {
      created =
          calls.call(
              "Creating pod " + name,
              () -> api.createNamespacedPod(settings.namespace(), pod).execute());
    } catch (ApiException e) {
      if (e.getCode() != 409) {
        throw new IllegalStateException(
            "Cannot create script pod " + name + ": " + ApiCalls.explain(e), e);
      }
      created =
          read(name)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "Script pod " + name + " exists but cannot be read"));
      if (!ownedByThisAgent(created)) {
        throw new IllegalStateException(
            "A pod named "
                + name
                + " already exists in namespace "
                + settings.namespace()
                + " but was not made by this agent (release "
                + settings.releaseName()
                + "); delete it, or install each agent in its own namespace");
      }
    }
    cache.trackNow(launch.ticket(), created);
  }

  @Override
  public Optional<PodObservation> observe(ScriptTicket ticket) {
    Optional<TrackedPod> known = cache.get(ticket);
    if (known.isEmpty() && cache.deleted(ticket)) {
      return Optional.empty(); // deleted by the agent; the API server may show it a while longer
    }
    if (known.isEmpty()) {
      known =
          read(PodNames.pod(ticket))
              .filter(this::ownedByThisAgent)
              .map(pod -> cache.trackNow(ticket, pod));
    }
    return known.flatMap(this::observation);
  }

  @Override
  public List<PodObservation> owned() {
    List<PodObservation> owned = new ArrayList<>();
    for (V1Pod pod : watcher.list().getItems()) {
      ScriptPodCache.ticketOf(pod)
          .flatMap(ticket -> cache.trackSeen(ticket, pod))
          .flatMap(this::observation)
          .ifPresent(owned::add);
    }
    return owned;
  }

  @Override
  public void cancel(ScriptTicket ticket) {
    Optional<TrackedPod> known = cache.get(ticket);
    if (known.isEmpty()) {
      known = read(PodNames.pod(ticket)).flatMap(pod -> cache.trackSeen(ticket, pod));
    }
    if (known.isEmpty()) {
      return;
    }
    known.get().cancel();
    deletePod(PodNames.pod(ticket));
  }

  @Override
  public void delete(ScriptTicket ticket) {
    cache.forgetDeleted(ticket);
    deletePod(PodNames.pod(ticket));
  }

  /** Stops following the cluster. Pods keep running; a new agent picks them up again. */
  @Override
  public void close() {
    watcher.close();
  }

  private Optional<PodObservation> observation(TrackedPod tracked) {
    if (tracked.gone() && !tracked.cancelled()) {
      return Optional.empty();
    }
    V1Pod pod = tracked.pod();
    TaskLifecycle lifecycle = tracked.lifecycle();
    return Optional.of(
        new PodObservation(
            tracked.ticket, lifecycle, createdAt(pod), eventsFor(tracked, pod, lifecycle)));
  }

  private List<PodEvent> eventsFor(TrackedPod tracked, V1Pod pod, TaskLifecycle lifecycle) {
    if (!settings.podEventsInTaskLog() || tracked.gone()) {
      return tracked.events.events();
    }
    return events.current(pod, lifecycle, tracked.events);
  }

  private Instant createdAt(V1Pod pod) {
    OffsetDateTime created =
        pod.getMetadata() == null ? null : pod.getMetadata().getCreationTimestamp();
    return created == null ? clock.instant() : created.toInstant();
  }

  /** Whether {@code pod} carries this agent's owner labels (another release may share the name). */
  private boolean ownedByThisAgent(V1Pod pod) {
    Map<String, String> labels =
        pod.getMetadata() == null || pod.getMetadata().getLabels() == null
            ? Map.of()
            : pod.getMetadata().getLabels();
    return labels.entrySet().containsAll(PodNames.ownerLabels(settings.releaseName()).entrySet());
  }

  private Optional<V1Pod> read(String name) {
    try {
      return Optional.of(
          calls.call(
              "Reading pod " + name,
              () -> api.readNamespacedPod(name, settings.namespace()).execute()));
    } catch (ApiException e) {
      if (e.getCode() == 404) {
        return Optional.empty();
      }
      throw new IllegalStateException(
          "Cannot read script pod " + name + ": " + ApiCalls.explain(e), e);
    }
  }

  /**
   * Deletes the pod without reading the pod the API server sends back: the agent needs nothing from
   * it, and a body some distribution trims must not turn a done delete into a failure.
   */
  private void deletePod(String name) {
    try {
      calls.call(
          "Deleting pod " + name,
          () ->
              api.getApiClient()
                  .execute(
                      api.deleteNamespacedPod(name, settings.namespace())
                          .gracePeriodSeconds((int) timings.deleteGrace().toSeconds())
                          .buildCall(null)));
    } catch (ApiException e) {
      if (e.getCode() != 404) {
        throw new IllegalStateException(
            "Cannot delete script pod " + name + ": " + ApiCalls.explain(e), e);
      }
    }
  }
}
