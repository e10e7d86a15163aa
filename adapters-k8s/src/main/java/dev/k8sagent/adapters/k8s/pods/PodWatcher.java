package dev.k8sagent.adapters.k8s.pods;

import com.google.gson.reflect.TypeToken;
import dev.k8sagent.adapters.k8s.ApiCalls;
import dev.k8sagent.adapters.k8s.RequestBudget;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import io.kubernetes.client.openapi.models.V1Status;
import io.kubernetes.client.util.Watch;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

/**
 * Keeps a {@link ScriptPodCache} in step with the cluster on one background thread, the way
 * client-go's reflector does: lists the agent's pods by label, then watches from that list's
 * version. When a watch ends it watches again from the last version it saw, without listing; it
 * lists again only when the API server says that version is gone (410), on an error, or when {@code
 * relistEvery} has passed on the clock (any {@link InstantSource}, a {@link java.time.Clock} in
 * production), so a missed event costs at most one round.
 *
 * <p>A watch that ends within {@link #SHORT_WATCH} having delivered nothing counts as a failure, as
 * does an error: before the next round the loop waits, from {@code firstRetry} doubling up to
 * {@code longestRetry}, each wait stretched by up to as much again at random so that many agents
 * behind one proxy do not return in step. A healthy watch (one that lasted or delivered an event)
 * resets the wait. So an API server or proxy that closes every watch at once costs a few requests a
 * minute, not a hot loop; every request also takes its turn in the agent's request budget.
 *
 * <p>{@code watchClient} must have no read timeout (a watch is a long read).
 */
final class PodWatcher implements AutoCloseable {
  /** A watch that ends sooner than this without an event was not a healthy one. */
  static final Duration SHORT_WATCH = Duration.ofSeconds(1);

  private static final System.Logger LOG = System.getLogger(PodWatcher.class.getName());

  private final CoreV1Api api;
  private final ApiClient watchClient;
  private final ApiCalls calls;
  private final String namespace;
  private final String selector;
  private final ScriptPodCache cache;
  private final ScriptPodTimings timings;
  private final InstantSource clock;
  private final RequestBudget.Sleeper sleeper;
  private final DoubleSupplier jitter;
  private final AtomicLong lists = new AtomicLong();
  private final AtomicLong watches = new AtomicLong();
  private volatile Instant listedAt = Instant.MIN;
  private volatile boolean running;
  private volatile Watch<V1Pod> currentWatch;
  private Thread thread;

  /**
   * @param sleeper how the loop waits between failed rounds
   * @param jitter a number in [0, 1) each wait is stretched by (that fraction of itself)
   */
  PodWatcher(
      CoreV1Api api,
      ApiClient watchClient,
      ApiCalls calls,
      String namespace,
      String selector,
      ScriptPodCache cache,
      ScriptPodTimings timings,
      InstantSource clock,
      RequestBudget.Sleeper sleeper,
      DoubleSupplier jitter) {
    this.api = api;
    this.watchClient = watchClient;
    this.calls = calls;
    this.namespace = namespace;
    this.selector = selector;
    this.cache = cache;
    this.timings = timings;
    this.clock = clock;
    this.sleeper = sleeper;
    this.jitter = jitter;
  }

  synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    thread = new Thread(this::follow, "script-pod-watch");
    thread.setDaemon(true);
    thread.start();
  }

  /** How many times the pods have been listed (by this loop or by {@link #list}). */
  long listCount() {
    return lists.get();
  }

  /** How many watches this loop has opened. */
  long watchCount() {
    return watches.get();
  }

  /** The agent's pods as the API server lists them now. */
  V1PodList list() {
    try {
      lists.incrementAndGet();
      return calls.call(
          "Listing script pods",
          () -> api.listNamespacedPod(namespace).labelSelector(selector).execute());
    } catch (ApiException e) {
      throw new IllegalStateException(
          "Cannot list script pods in namespace " + namespace + ": " + ApiCalls.explain(e), e);
    }
  }

  @Override
  public synchronized void close() {
    running = false;
    Watch<V1Pod> watch = currentWatch;
    if (watch != null) {
      try {
        watch.close();
      } catch (IOException | RuntimeException ignored) {
        // closing to stop reading, perhaps while the loop reads it; nothing to keep
      }
    }
    if (thread != null) {
      thread.interrupt();
    }
  }

  /** How one watch ended, and the version to go on from. */
  private record Ending(boolean healthy, boolean listAgain, String resourceVersion) {}

  private void follow() {
    int failures = 0;
    String resourceVersion = null;
    while (running) {
      try {
        if (resourceVersion == null || relistDue()) {
          resourceVersion = listIntoCache();
        }
        Ending ending = watch(resourceVersion);
        resourceVersion = ending.listAgain() ? null : ending.resourceVersion();
        if (ending.healthy()) {
          failures = 0;
          continue;
        }
        failures++;
        if (running) {
          LOG.log(
              Level.DEBUG,
              "The pod watch ended within " + SHORT_WATCH.toMillis() + " ms without an event");
        }
      } catch (ApiException | RuntimeException e) {
        failures++;
        resourceVersion = null;
        if (running) {
          LOG.log(
              Level.WARNING,
              "Following script pods failed ("
                  + (e instanceof ApiException api ? ApiCalls.describe(api) : e.getMessage())
                  + "); listing them again");
        }
      }
      if (running && !pause(backOff(failures))) {
        return;
      }
    }
  }

  /** The wait after {@code failures} failed rounds in a row: doubling, capped, stretched. */
  Duration backOff(int failures) {
    Duration wait = timings.firstRetry();
    for (int i = 1; i < failures && wait.compareTo(timings.longestRetry()) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    wait = min(wait, timings.longestRetry());
    double stretch = Math.min(Math.max(jitter.getAsDouble(), 0), 1);
    return min(wait.plusNanos((long) (wait.toNanos() * stretch)), timings.longestRetry());
  }

  /** Lists the pods into the cache; returns the list's version (null when it gave none). */
  private String listIntoCache() {
    long mark = cache.listStarting();
    listedAt = clock.instant();
    V1PodList list = list();
    cache.listed(list.getItems(), mark);
    return list.getMetadata() == null ? null : list.getMetadata().getResourceVersion();
  }

  private Ending watch(String resourceVersion) throws ApiException {
    calls.takeTurn("Watching script pods");
    watches.incrementAndGet();
    Instant opened = clock.instant();
    Watch<V1Pod> watch =
        Watch.createWatch(
            watchClient,
            new CoreV1Api(watchClient)
                .listNamespacedPod(namespace)
                .labelSelector(selector)
                .resourceVersion(resourceVersion)
                .allowWatchBookmarks(true)
                .timeoutSeconds(secondsUntilRelist())
                .watch(true)
                .buildCall(null),
            new TypeToken<Watch.Response<V1Pod>>() {}.getType());
    currentWatch = watch;
    String version = resourceVersion;
    boolean delivered = false;
    try (watch) {
      for (Watch.Response<V1Pod> event : watch) {
        if (!running || relistDue()) {
          return new Ending(true, true, null); // whatever this event says, the list shows too
        }
        if ("ERROR".equals(event.type)) {
          LOG.log(Level.DEBUG, "Pod watch ended with an error: " + describe(event.status));
          // 410 Gone: the version is too old; list again, at once after a healthy watch. Any
          // other error is a failure.
          return new Ending(isGone(event.status) && healthy(delivered, opened), true, null);
        }
        delivered = true;
        if (event.object != null) {
          if (event.object.getMetadata() != null
              && event.object.getMetadata().getResourceVersion() != null) {
            version = event.object.getMetadata().getResourceVersion();
          }
          if (!"BOOKMARK".equals(event.type)) {
            cache.watched(event.type, event.object);
          }
        }
      }
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "Closing the pod watch failed: " + e.getMessage());
    } catch (RuntimeException e) {
      if (running) {
        LOG.log(Level.DEBUG, "Pod watch ended: " + e.getMessage());
      }
      return new Ending(healthy(delivered, opened), true, null);
    } finally {
      currentWatch = null;
    }
    return new Ending(healthy(delivered, opened), false, version);
  }

  /** A watch is healthy when it delivered an event or lasted at least {@link #SHORT_WATCH}. */
  private boolean healthy(boolean delivered, Instant opened) {
    return delivered || !clock.instant().isBefore(opened.plus(SHORT_WATCH));
  }

  private static boolean isGone(V1Status status) {
    return status != null && status.getCode() != null && status.getCode() == 410;
  }

  private static String describe(V1Status status) {
    return status == null ? "no status" : status.getCode() + " " + status.getReason();
  }

  private boolean relistDue() {
    return !clock.instant().isBefore(listedAt.plus(timings.relistEvery()));
  }

  /** The watch's own timeout: the API server ends it when the next list is due. */
  private int secondsUntilRelist() {
    Duration left = Duration.between(clock.instant(), listedAt.plus(timings.relistEvery()));
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left.toSeconds()));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** Waits; false when interrupted (the watcher is closing). */
  private boolean pause(Duration wait) {
    try {
      sleeper.sleep(wait);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
