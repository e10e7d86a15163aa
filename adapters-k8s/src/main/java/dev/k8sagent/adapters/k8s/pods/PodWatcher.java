package dev.k8sagent.adapters.k8s.pods;

import com.google.gson.reflect.TypeToken;
import dev.k8sagent.adapters.k8s.ApiCalls;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import io.kubernetes.client.util.Watch;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps a {@link ScriptPodCache} in step with the cluster on one background thread: lists the
 * agent's pods by label, then watches from that list's version, and lists again whenever the watch
 * ends, fails, reports an error (410 Gone after compaction) or {@code relistEvery} has passed on
 * the clock (any {@link InstantSource}, a {@link java.time.Clock} in production). So a missed event
 * costs at most one round. Failures are retried with waits that double from {@code firstRetry} to
 * {@code longestRetry}.
 *
 * <p>{@code watchClient} must have no read timeout (a watch is a long read).
 */
final class PodWatcher implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(PodWatcher.class.getName());

  private final CoreV1Api api;
  private final ApiClient watchClient;
  private final ApiCalls calls;
  private final String namespace;
  private final String selector;
  private final ScriptPodCache cache;
  private final ScriptPodTimings timings;
  private final InstantSource clock;
  private final AtomicLong lists = new AtomicLong();
  private volatile Instant listedAt = Instant.MIN;
  private volatile boolean running;
  private volatile Watch<V1Pod> currentWatch;
  private Thread thread;

  PodWatcher(
      CoreV1Api api,
      ApiClient watchClient,
      ApiCalls calls,
      String namespace,
      String selector,
      ScriptPodCache cache,
      ScriptPodTimings timings,
      InstantSource clock) {
    this.api = api;
    this.watchClient = watchClient;
    this.calls = calls;
    this.namespace = namespace;
    this.selector = selector;
    this.cache = cache;
    this.timings = timings;
    this.clock = clock;
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
      } catch (IOException ignored) {
        // closing to stop reading; nothing to keep
      }
    }
    if (thread != null) {
      thread.interrupt();
    }
  }

  private void follow() {
    Duration wait = timings.firstRetry();
    while (running) {
      try {
        long mark = cache.listStarting();
        listedAt = clock.instant();
        V1PodList list = list();
        cache.listed(list.getItems(), mark);
        watch(list.getMetadata() == null ? null : list.getMetadata().getResourceVersion());
        wait = timings.firstRetry();
      } catch (ApiException | RuntimeException e) {
        if (!running) {
          return;
        }
        LOG.log(
            Level.WARNING,
            "Following script pods failed ("
                + (e instanceof ApiException api ? ApiCalls.describe(api) : e.getMessage())
                + "); listing them again in "
                + wait.toMillis()
                + " ms");
        pause(wait);
        wait = min(wait.multipliedBy(2), timings.longestRetry());
      }
    }
  }

  private void watch(String resourceVersion) throws ApiException {
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
    try (watch) {
      for (Watch.Response<V1Pod> event : watch) {
        if (!running || relistDue()) {
          return; // whatever this event says, the list shows too
        }
        if ("ERROR".equals(event.type)) {
          LOG.log(Level.DEBUG, "Pod watch ended with an error: " + event.status);
          return;
        }
        if (event.object != null && !"BOOKMARK".equals(event.type)) {
          cache.watched(event.type, event.object);
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

  private static void pause(Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
