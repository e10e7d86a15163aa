package dev.k8sagent.bootstrap.plugins;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Runs extension calls on a bounded pool of daemon threads, each within a time limit, and counts
 * calls and failures per plugin. The plugin ids are fixed when the host starts, so the metrics have
 * a bounded set of labels. A call that throws, returns nothing usable or overruns is a failure with
 * a sentence saying which plugin did what; the caller carries on without it. A call that overruns
 * keeps its thread until it returns; when every thread is held by such calls, new calls fail at
 * once instead of queueing without end.
 */
final class ExtensionCalls implements AutoCloseable {
  static final int MAX_THREADS = 8;

  private final Duration limit;
  private final Map<String, Counts> counts;
  private final ThreadPoolExecutor pool;

  ExtensionCalls(Duration limit, Set<String> pluginIds) {
    if (limit.isNegative() || limit.isZero()) {
      throw new IllegalArgumentException("The plugin call time limit must be positive: " + limit);
    }
    this.limit = limit;
    Map<String, Counts> byPlugin = new TreeMap<>();
    pluginIds.forEach(id -> byPlugin.put(id, new Counts()));
    this.counts = Map.copyOf(byPlugin);
    AtomicInteger threads = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            MAX_THREADS,
            MAX_THREADS,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(MAX_THREADS * 4),
            task -> {
              Thread thread = new Thread(task, "plugin-call-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    pool.allowCoreThreadTimeOut(true);
  }

  /** The outcome of one call: a value, or why there is none. */
  sealed interface Outcome<T> {
    record Answered<T>(T value) implements Outcome<T> {}

    /**
     * @param neverRan true when the extension was not called at all, so nothing of it is running
     */
    record Failed<T>(String reason, boolean neverRan) implements Outcome<T> {}
  }

  /**
   * Calls {@code what} of plugin {@code pluginId}; {@code description} names the call in a failure
   * ("image provider com.corp.Aws").
   */
  <T> Outcome<T> call(String pluginId, String description, Supplier<T> what) {
    Counts count = counts.get(pluginId);
    if (count == null) {
      throw new IllegalArgumentException("No plugin " + pluginId + " was started");
    }
    count.calls.incrementAndGet();
    Future<T> future;
    try {
      future = pool.submit(what::get);
    } catch (RejectedExecutionException e) {
      count.failures.incrementAndGet();
      return new Outcome.Failed<>(
          reasonFor(
              pluginId,
              description,
              "was not called: " + MAX_THREADS + " earlier plugin calls are still running"),
          true);
    }
    try {
      T value = future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
      return value == null
          ? failed(count, pluginId, description, "answered null")
          : new Outcome.Answered<>(value);
    } catch (TimeoutException e) {
      future.cancel(true);
      return failed(count, pluginId, description, "took longer than " + limit);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      return failed(
          count,
          pluginId,
          description,
          "failed: " + cause.getClass().getSimpleName() + messageOf(cause));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      return failed(count, pluginId, description, "was interrupted");
    }
  }

  /** Counts a call of {@code pluginId} whose answer the host refused as a failure. */
  void refused(String pluginId) {
    Counts count = counts.get(pluginId);
    if (count != null) {
      count.failures.incrementAndGet();
    }
  }

  /** Calls made so far per plugin. */
  Map<String, Long> calls() {
    Map<String, Long> result = new TreeMap<>();
    counts.forEach((id, c) -> result.put(id, c.calls.get()));
    return result;
  }

  /** Calls that failed so far per plugin. */
  Map<String, Long> failures() {
    Map<String, Long> result = new TreeMap<>();
    counts.forEach((id, c) -> result.put(id, c.failures.get()));
    return result;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }

  private static <T> Outcome<T> failed(
      Counts count, String pluginId, String description, String what) {
    count.failures.incrementAndGet();
    return new Outcome.Failed<>(reasonFor(pluginId, description, what), false);
  }

  private static String reasonFor(String pluginId, String description, String what) {
    return "Plugin " + pluginId + ": " + description + " " + what + "; skipped for this task";
  }

  private static String messageOf(Throwable cause) {
    return Optional.ofNullable(cause.getMessage())
        .map(m -> m.length() > 300 ? m.substring(0, 300) + "…" : m)
        .map(m -> " (" + m.replaceAll("[\\r\\n]+", " ") + ")")
        .orElse("");
  }

  private static final class Counts {
    final AtomicLong calls = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
  }
}
