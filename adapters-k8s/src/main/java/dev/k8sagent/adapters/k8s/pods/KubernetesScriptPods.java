package dev.k8sagent.adapters.k8s.pods;

import com.google.gson.reflect.TypeToken;
import dev.k8sagent.adapters.k8s.ApiCalls;
import dev.k8sagent.domain.image.ImagePullCredentials;
import dev.k8sagent.domain.task.ExitCode;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.domain.task.TaskLifecycle;
import dev.k8sagent.ports.out.PodEvent;
import dev.k8sagent.ports.out.PodLaunch;
import dev.k8sagent.ports.out.PodObservation;
import dev.k8sagent.ports.out.ScriptPods;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1ContainerState;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.util.Watch;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link ScriptPods} on a Kubernetes cluster through the official client. The cluster is the source
 * of truth: a background loop lists this agent's pods by label, then watches from that list's
 * version, and lists again whenever the watch ends (and at least every {@code relistEvery}), so a
 * missed event costs at most one round. A pod just created is tracked from the create response at
 * once, so GetStatus never waits for the watch.
 *
 * <p>State and exit code come from the script container's status, not the pod phase. A cancel is
 * remembered apart from the watched state, so no later event can undo it. Pod events are fetched
 * while a pod is pending or has just changed state, at most every {@code eventInterval}.
 *
 * <p>{@code watchClient} must have no read timeout (a watch is a long read); {@code client} should
 * have one.
 */
public final class KubernetesScriptPods implements ScriptPods, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(KubernetesScriptPods.class.getName());

  private static final com.google.gson.Gson JSON =
      new com.google.gson.GsonBuilder().disableHtmlEscaping().create();

  private final CoreV1Api api;
  private final ApiClient watchClient;
  private final ScriptPodSettings settings;
  private final Clock clock;
  private final ApiCalls calls;
  private final Duration deleteGrace;
  private final Duration relistEvery;
  private final Duration eventInterval;
  private final String selector;
  private final Map<ScriptTicket, Tracked> tracked = new ConcurrentHashMap<>();
  private final Map<String, String> feedSecrets = new ConcurrentHashMap<>();
  private final AtomicLong lists = new AtomicLong();
  private volatile boolean running;
  private volatile Watch<V1Pod> currentWatch;
  private Thread watcher;

  public KubernetesScriptPods(
      ApiClient client,
      ApiClient watchClient,
      ScriptPodSettings settings,
      Clock clock,
      ApiCalls calls,
      Duration deleteGrace,
      Duration relistEvery,
      Duration eventInterval) {
    this.api = new CoreV1Api(client);
    this.watchClient = watchClient;
    this.settings = settings;
    this.clock = clock;
    this.calls = calls;
    this.deleteGrace = deleteGrace;
    this.relistEvery = relistEvery;
    this.eventInterval = eventInterval;
    this.selector =
        PodNames.MANAGED_BY_LABEL
            + "="
            + PodNames.MANAGED_BY
            + ","
            + PodNames.RELEASE_LABEL
            + "="
            + PodNames.labelValue(settings.releaseName());
  }

  /** Starts following the cluster's pods in the background. */
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    watcher = new Thread(this::followPods, "script-pod-watch");
    watcher.setDaemon(true);
    watcher.start();
  }

  /** How many times the pods have been listed (the first list and every re-list). */
  public long listCount() {
    return lists.get();
  }

  @Override
  public void launch(PodLaunch launch) {
    Tracked known = tracked.get(launch.ticket());
    if (known != null && !known.gone) {
      return;
    }
    Optional<String> feedSecret = launch.pullCredentials().map(this::ensureFeedSecret);
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
        throw new IllegalStateException("Cannot create script pod " + name + ": " + reason(e), e);
      }
      created =
          read(name)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "Script pod " + name + " exists but cannot be read"));
    }
    // tracked from now: a list that starts later and misses it means the pod is gone
    track(launch.ticket(), created, System.nanoTime());
  }

  @Override
  public Optional<PodObservation> observe(ScriptTicket ticket) {
    Tracked pod = tracked.get(ticket);
    if (pod == null) {
      Optional<V1Pod> found = read(PodNames.pod(ticket));
      if (found.isEmpty()) {
        return Optional.empty();
      }
      pod = track(ticket, found.get(), System.nanoTime());
    }
    return pod.observation();
  }

  @Override
  public List<PodObservation> owned() {
    V1PodList list = listPods();
    List<PodObservation> owned = new ArrayList<>();
    for (V1Pod pod : list.getItems()) {
      ticketOf(pod)
          .map(ticket -> track(ticket, pod, Long.MIN_VALUE))
          .flatMap(Tracked::observation)
          .ifPresent(owned::add);
    }
    return owned;
  }

  @Override
  public void cancel(ScriptTicket ticket) {
    Tracked pod = tracked.get(ticket);
    if (pod == null) {
      Optional<V1Pod> found = read(PodNames.pod(ticket));
      if (found.isEmpty()) {
        return;
      }
      pod = track(ticket, found.get(), Long.MIN_VALUE);
    }
    if (!(pod.lifecycle() instanceof TaskLifecycle.Complete)) {
      pod.cancelled = true;
    }
    deletePod(PodNames.pod(ticket), deleteGrace);
  }

  @Override
  public void delete(ScriptTicket ticket) {
    tracked.remove(ticket);
    deletePod(PodNames.pod(ticket), deleteGrace);
  }

  /** Stops following the cluster. Pods keep running; a new agent picks them up again. */
  @Override
  public void close() {
    running = false;
    Watch<V1Pod> watch = currentWatch;
    if (watch != null) {
      try {
        watch.close();
      } catch (IOException ignored) {
        // closing to stop reading; nothing to keep
      }
    }
    if (watcher != null) {
      watcher.interrupt();
    }
  }

  // --- following the cluster ---

  private void followPods() {
    long backOff = 500;
    while (running) {
      try {
        long listedAt = System.nanoTime();
        V1PodList list = listPods();
        Set<ScriptTicket> present = new HashSet<>();
        for (V1Pod pod : list.getItems()) {
          ticketOf(pod)
              .ifPresent(
                  ticket -> {
                    present.add(ticket);
                    update(ticket, pod);
                  });
        }
        for (Tracked pod : tracked.values()) {
          if (!present.contains(pod.ticket) && pod.trackedAtNanos < listedAt) {
            pod.gone = true;
          }
        }
        watch(list.getMetadata() == null ? null : list.getMetadata().getResourceVersion());
        backOff = 500;
      } catch (ApiException | RuntimeException e) {
        if (!running) {
          return;
        }
        LOG.log(
            Level.WARNING,
            "Following script pods failed ("
                + (e instanceof ApiException api ? ApiCalls.describe(api) : e.getMessage())
                + "); listing them again in "
                + backOff
                + " ms");
        sleep(backOff);
        backOff = Math.min(backOff * 2, 30_000);
      }
    }
  }

  private void watch(String resourceVersion) throws ApiException {
    int seconds = (int) Math.max(1, relistEvery.toSeconds());
    Watch<V1Pod> watch =
        Watch.createWatch(
            watchClient,
            new CoreV1Api(watchClient)
                .listNamespacedPod(settings.namespace())
                .labelSelector(selector)
                .resourceVersion(resourceVersion)
                .allowWatchBookmarks(true)
                .timeoutSeconds(seconds)
                .watch(true)
                .buildCall(null),
            new TypeToken<Watch.Response<V1Pod>>() {}.getType());
    currentWatch = watch;
    try (watch) {
      for (Watch.Response<V1Pod> event : watch) {
        if (!running) {
          return;
        }
        if ("ERROR".equals(event.type)) {
          // 410 Gone (the version is too old) or another failure: list again
          LOG.log(Level.DEBUG, "Pod watch ended with an error: " + event.status);
          return;
        }
        V1Pod pod = event.object;
        if (pod == null || "BOOKMARK".equals(event.type)) {
          continue;
        }
        Optional<ScriptTicket> ticket = ticketOf(pod);
        if (ticket.isEmpty()) {
          continue;
        }
        if ("DELETED".equals(event.type)) {
          Tracked gone = tracked.get(ticket.get());
          if (gone != null && sameUid(gone.pod, pod)) {
            gone.gone = true;
          }
        } else {
          update(ticket.get(), pod);
        }
      }
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "Closing the pod watch failed: " + e.getMessage());
    } catch (RuntimeException e) {
      if (running) {
        LOG.log(Level.DEBUG, "Pod watch ended: " + e.getMessage());
      }
    } finally {
      currentWatch = null;
    }
  }

  private V1PodList listPods() {
    try {
      lists.incrementAndGet();
      return calls.call(
          "Listing script pods",
          () -> api.listNamespacedPod(settings.namespace()).labelSelector(selector).execute());
    } catch (ApiException e) {
      throw new IllegalStateException(
          "Cannot list script pods in namespace " + settings.namespace() + ": " + reason(e), e);
    }
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
      throw new IllegalStateException("Cannot read script pod " + name + ": " + reason(e), e);
    }
  }

  private void deletePod(String name, Duration grace) {
    try {
      calls.call(
          "Deleting pod " + name,
          () ->
              api.deleteNamespacedPod(name, settings.namespace())
                  .gracePeriodSeconds((int) grace.toSeconds())
                  .execute());
    } catch (ApiException e) {
      if (e.getCode() != 404) {
        throw new IllegalStateException("Cannot delete script pod " + name + ": " + reason(e), e);
      }
    }
  }

  private Tracked track(ScriptTicket ticket, V1Pod pod, long trackedAtNanos) {
    Tracked fresh = new Tracked(ticket, pod, trackedAtNanos);
    Tracked existing = tracked.putIfAbsent(ticket, fresh);
    if (existing == null) {
      return fresh;
    }
    existing.replace(pod, trackedAtNanos);
    return existing;
  }

  private void update(ScriptTicket ticket, V1Pod pod) {
    Tracked known = tracked.get(ticket);
    if (known != null) {
      known.replace(pod, Long.MIN_VALUE);
    } else {
      track(ticket, pod, Long.MIN_VALUE);
    }
  }

  private static Optional<ScriptTicket> ticketOf(V1Pod pod) {
    V1ObjectMeta meta = pod.getMetadata();
    if (meta == null || meta.getAnnotations() == null) {
      return Optional.empty();
    }
    String ticket = meta.getAnnotations().get(PodNames.TICKET_ANNOTATION);
    try {
      return ticket == null ? Optional.empty() : Optional.of(new ScriptTicket(ticket));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static boolean sameUid(V1Pod a, V1Pod b) {
    String left = a.getMetadata() == null ? null : a.getMetadata().getUid();
    String right = b.getMetadata() == null ? null : b.getMetadata().getUid();
    return left == null || right == null || left.equals(right);
  }

  /** Where the script container is: waiting, running, or terminated with its exit code. */
  static TaskLifecycle lifecycleOf(V1Pod pod) {
    String container = pod.getMetadata() == null ? null : pod.getMetadata().getName();
    List<V1ContainerStatus> statuses =
        pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
            ? List.of()
            : pod.getStatus().getContainerStatuses();
    V1ContainerStatus script =
        statuses.stream()
            .filter(s -> Objects.equals(s.getName(), container))
            .findFirst()
            .orElse(statuses.isEmpty() ? null : statuses.get(0));
    if (script != null && script.getState() != null) {
      V1ContainerState state = script.getState();
      if (state.getTerminated() != null) {
        return new TaskLifecycle.Complete(ExitCode.of(state.getTerminated().getExitCode()));
      }
      if (state.getRunning() != null) {
        return TaskLifecycle.RUNNING;
      }
      return TaskLifecycle.PENDING;
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if ("Failed".equals(phase) || "Succeeded".equals(phase)) {
      // ended without a container status (evicted before it started): no exit code to give
      return new TaskLifecycle.Complete(ExitCode.UNKNOWN_RESULT);
    }
    return TaskLifecycle.PENDING;
  }

  // --- pull secrets from feed credentials ---

  private String ensureFeedSecret(ImagePullCredentials credentials) {
    String registry = registry(credentials.feedUrl());
    String name =
        "octopus-feed-"
            + PodNames.sha1(credentials.feedUrl() + "\n" + credentials.username()).substring(0, 20);
    String auth =
        Base64.getEncoder()
            .encodeToString(
                (credentials.username() + ":" + credentials.password())
                    .getBytes(StandardCharsets.UTF_8));
    com.google.gson.JsonObject entry = new com.google.gson.JsonObject();
    entry.addProperty("username", credentials.username());
    entry.addProperty("password", credentials.password());
    entry.addProperty("auth", auth);
    com.google.gson.JsonObject auths = new com.google.gson.JsonObject();
    auths.add(registry, entry);
    com.google.gson.JsonObject document = new com.google.gson.JsonObject();
    document.add("auths", auths);
    String config = JSON.toJson(document);
    String fingerprint = PodNames.sha1(config);
    if (fingerprint.equals(feedSecrets.get(name))) {
      return name;
    }
    V1Secret secret =
        new V1Secret()
            .apiVersion("v1")
            .kind("Secret")
            .type("kubernetes.io/dockerconfigjson")
            .metadata(
                new V1ObjectMeta()
                    .name(name)
                    .namespace(settings.namespace())
                    .labels(
                        Map.of(
                            PodNames.MANAGED_BY_LABEL,
                            PodNames.MANAGED_BY,
                            PodNames.RELEASE_LABEL,
                            PodNames.labelValue(settings.releaseName()))))
            .data(Map.of(".dockerconfigjson", config.getBytes(StandardCharsets.UTF_8)));
    try {
      try {
        calls.call(
            "Creating pull secret " + name,
            () -> api.createNamespacedSecret(settings.namespace(), secret).execute());
      } catch (ApiException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        calls.call(
            "Updating pull secret " + name,
            () -> api.replaceNamespacedSecret(name, settings.namespace(), secret).execute());
      }
    } catch (ApiException e) {
      // the message names the feed, never the credentials
      throw new IllegalStateException(
          "Cannot store the pull secret for feed " + credentials.feedUrl() + ": " + reason(e), e);
    }
    feedSecrets.put(name, fingerprint);
    return name;
  }

  private static String registry(String feedUrl) {
    try {
      URI uri = URI.create(feedUrl.contains("://") ? feedUrl : "https://" + feedUrl);
      if (uri.getHost() != null) {
        return uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
      }
    } catch (IllegalArgumentException ignored) {
      // not a URL: use it as it is
    }
    return feedUrl;
  }

  /** The API server's own explanation (a Status message), else the HTTP code. */
  static String reason(ApiException e) {
    String body = e.getResponseBody();
    if (body != null) {
      try {
        var status = com.google.gson.JsonParser.parseString(body).getAsJsonObject();
        if (status.has("message")) {
          return ApiCalls.describe(e) + ": " + status.get("message").getAsString();
        }
      } catch (RuntimeException ignored) {
        // not a Status object
      }
    }
    return ApiCalls.describe(e);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // --- one tracked pod ---

  private final class Tracked {
    final ScriptTicket ticket;
    volatile V1Pod pod;
    volatile long trackedAtNanos;
    volatile boolean gone;
    volatile boolean cancelled;
    private List<PodEvent> events = List.of();
    private long eventsFetchedNanos = Long.MIN_VALUE;
    private TaskLifecycle eventsFetchedAt;

    Tracked(ScriptTicket ticket, V1Pod pod, long trackedAtNanos) {
      this.ticket = ticket;
      this.pod = pod;
      this.trackedAtNanos = trackedAtNanos;
    }

    synchronized void replace(V1Pod newer, long trackedAt) {
      if (!sameUid(pod, newer)) {
        cancelled = false; // a new pod for the ticket
      }
      if (olderThan(newer, pod)) {
        return; // an out-of-date copy (a list that started before a watch event)
      }
      pod = newer;
      gone = false;
      trackedAtNanos = Math.max(trackedAtNanos, trackedAt);
    }

    TaskLifecycle lifecycle() {
      return cancelled ? new TaskLifecycle.Complete(ExitCode.CANCELED) : lifecycleOf(pod);
    }

    Optional<PodObservation> observation() {
      if (gone && !cancelled) {
        return Optional.empty();
      }
      TaskLifecycle lifecycle = lifecycle();
      return Optional.of(new PodObservation(ticket, lifecycle, createdAt(), events(lifecycle)));
    }

    private Instant createdAt() {
      OffsetDateTime created =
          pod.getMetadata() == null ? null : pod.getMetadata().getCreationTimestamp();
      return created == null ? clock.instant() : created.toInstant();
    }

    private synchronized List<PodEvent> events(TaskLifecycle lifecycle) {
      if (!settings.podEventsInTaskLog() || gone) {
        return events;
      }
      long now = System.nanoTime();
      boolean due =
          eventsFetchedNanos == Long.MIN_VALUE
              || now - eventsFetchedNanos >= eventInterval.toNanos();
      boolean interesting =
          lifecycle.equals(TaskLifecycle.PENDING) || !lifecycle.equals(eventsFetchedAt);
      if (due && interesting) {
        eventsFetchedNanos = now;
        eventsFetchedAt = lifecycle;
        events = fetchEvents(pod);
      }
      return events;
    }
  }

  private static boolean olderThan(V1Pod candidate, V1Pod current) {
    try {
      long a = Long.parseLong(candidate.getMetadata().getResourceVersion());
      long b = Long.parseLong(current.getMetadata().getResourceVersion());
      return a < b && sameUid(candidate, current);
    } catch (RuntimeException e) {
      return false; // resource versions are opaque in general; compare only when both are numbers
    }
  }

  private List<PodEvent> fetchEvents(V1Pod pod) {
    String name = pod.getMetadata().getName();
    try {
      List<CoreV1Event> found =
          calls
              .call(
                  "Listing events of pod " + name,
                  () ->
                      api.listNamespacedEvent(settings.namespace())
                          .fieldSelector("involvedObject.name=" + name)
                          .execute())
              .getItems();
      return found.stream()
          .filter(
              e -> e.getInvolvedObject() != null && name.equals(e.getInvolvedObject().getName()))
          .map(KubernetesScriptPods::podEvent)
          .sorted(Comparator.comparing(PodEvent::occurred))
          .toList();
    } catch (ApiException | RuntimeException e) {
      LOG.log(Level.DEBUG, "Cannot list the events of pod " + name + ": " + e.getMessage());
      return List.of();
    }
  }

  private static PodEvent podEvent(CoreV1Event event) {
    OffsetDateTime at =
        event.getLastTimestamp() != null
            ? event.getLastTimestamp()
            : event.getEventTime() != null
                ? event.getEventTime()
                : event.getFirstTimestamp() != null
                    ? event.getFirstTimestamp()
                    : event.getMetadata() == null
                        ? null
                        : event.getMetadata().getCreationTimestamp();
    return new PodEvent(
        at == null ? Instant.EPOCH : at.toInstant(),
        Objects.requireNonNullElse(event.getReason(), ""),
        Objects.requireNonNullElse(event.getMessage(), ""),
        "Warning".equals(event.getType()));
  }
}
