package dev.k8sagent.bootstrap.health;

import dev.k8sagent.domain.task.ScriptState;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The agent's metrics on the Prometheus Java client: the JVM's (heap, GC, threads, file
 * descriptors), figures read from {@link AgentMetrics} at each scrape, and what the agent's parts
 * record as it happens (Kubernetes API calls, reconnects, task and pod start times, output
 * delivered). Every label value comes from a fixed set. {@link #scrape} writes the Prometheus text
 * format or OpenMetrics, as the scraper's {@code Accept} header asks.
 */
public final class PrometheusMetrics {
  private static final double[] TASK_SECONDS = {1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200};
  private static final double[] POD_START_SECONDS = {0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600};
  private static final double[] API_SECONDS = {
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30
  };

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final ExpositionFormats formats = ExpositionFormats.init();
  private final Histogram apiCalls;
  private final Counter reconnects;
  private final Histogram taskDuration;
  private final Histogram podStart;
  private final Counter outputLines;
  private final Counter outputBytes;
  private boolean jvmMetrics;

  /**
   * @param figures the figures read at each scrape; a supplier, because the parts that keep them
   *     also record into these metrics
   */
  public PrometheusMetrics(Supplier<AgentMetrics> figures) {
    apiCalls =
        Histogram.builder()
            .name("k8sagent_kubernetes_api_request_duration_seconds")
            .help("Kubernetes API requests by verb, resource and status code, and their latency.")
            .labelNames("verb", "resource", "code")
            .classicUpperBounds(API_SECONDS)
            .classicOnly()
            .withoutExemplars()
            .register(registry);
    reconnects =
        Counter.builder()
            .name("k8sagent_polling_reconnects_total")
            .help("Polling connections made again, by why the last one went.")
            .labelNames("reason")
            .withoutExemplars()
            .register(registry);
    taskDuration =
        Histogram.builder()
            .name("k8sagent_task_duration_seconds")
            .help("Time from StartScript to the first status that reports the task complete.")
            .classicUpperBounds(TASK_SECONDS)
            .classicOnly()
            .withoutExemplars()
            .register(registry);
    podStart =
        Histogram.builder()
            .name("k8sagent_pod_start_seconds")
            .help("Time from StartScript to the first status that reports the script running.")
            .classicUpperBounds(POD_START_SECONDS)
            .classicOnly()
            .withoutExemplars()
            .register(registry);
    outputLines =
        Counter.builder()
            .name("k8sagent_output_lines_delivered_total")
            .help("Task output lines sent to the server.")
            .withoutExemplars()
            .register(registry);
    outputBytes =
        Counter.builder()
            .name("k8sagent_output_bytes_delivered_total")
            .help("Task output sent to the server, in bytes of UTF-8 text.")
            .withoutExemplars()
            .register(registry);
    registerFigures(figures);
  }

  private void registerFigures(Supplier<AgentMetrics> read) {
    GaugeWithCallback.builder()
        .name("k8sagent_polling_connections")
        .help("Polling connections established now.")
        .callback(callback -> callback.call(read.get().pollingConnections()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("k8sagent_tasks")
        .help("Tasks the agent is tracking, by state.")
        .labelNames("state")
        .callback(
            callback -> {
              Map<ScriptState, Integer> byState = read.get().tasksByState();
              for (ScriptState state : ScriptState.values()) {
                callback.call(
                    byState.getOrDefault(state, 0), state.name().toLowerCase(Locale.ROOT));
              }
            })
        .register(registry);
    CounterWithCallback.builder()
        .name("k8sagent_file_bytes_total")
        .help("File bytes transferred, by direction.")
        .labelNames("direction")
        .callback(
            callback -> {
              callback.call(read.get().bytesUploaded(), "upload");
              callback.call(read.get().bytesDownloaded(), "download");
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("k8sagent_storage_healthy")
        .help("Whether the shared volume answered the last probe (1) or not (0).")
        .callback(callback -> callback.call(read.get().storageHealthy() ? 1 : 0))
        .register(registry);
    CounterWithCallback.builder()
        .name("k8sagent_requests_total")
        .help("Requests answered, by service and method; names the agent does not serve are other.")
        .labelNames("service", "method")
        .callback(
            callback -> {
              Map<String, Double> folded = new HashMap<>();
              read.get()
                  .requestCounts()
                  .forEach(
                      (what, count) ->
                          folded.merge(
                              String.join(".", RequestLabels.of(what)),
                              (double) count,
                              Double::sum));
              folded.forEach((labels, count) -> callback.call(count, labels.split("\\.", 2)));
            })
        .register(registry);
    CounterWithCallback.builder()
        .name("k8sagent_plugin_calls_total")
        .help("Plugin extension calls, by plugin id.")
        .labelNames("plugin")
        .callback(callback -> read.get().pluginCalls().forEach((id, n) -> callback.call(n, id)))
        .register(registry);
    CounterWithCallback.builder()
        .name("k8sagent_plugin_failures_total")
        .help("Plugin extension calls that failed, overran or were refused, by plugin id.")
        .labelNames("plugin")
        .callback(callback -> read.get().pluginFailures().forEach((id, n) -> callback.call(n, id)))
        .register(registry);
    CounterWithCallback.builder()
        .name("k8sagent_plugin_observer_events_dropped_total")
        .help("Task events the plugins' task observers were not told of: their queue was full.")
        .callback(callback -> callback.call(read.get().observerEventsDropped()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("k8sagent_task_slots")
        .help("Tasks holding one of the max-running-tasks slots (running) or queued for one.")
        .labelNames("state")
        .callback(
            callback -> {
              callback.call(read.get().tasksInSlots(), "running");
              callback.call(read.get().tasksWaitingForSlot(), "waiting");
            })
        .register(registry);
    CounterWithCallback.builder()
        .name("k8sagent_events_dropped_total")
        .help("Kubernetes Events not written: rate limited, queue full or refused.")
        .labelNames("cause")
        .callback(callback -> read.get().eventsDropped().forEach((why, n) -> callback.call(n, why)))
        .register(registry);
  }

  /** A Kubernetes API request, its labels from {@code ApiCallTimer}'s fixed sets. */
  public void apiCall(String verb, String resource, String code, Duration took) {
    apiCalls.labelValues(verb, resource, code).observe(seconds(took));
  }

  /** A polling connection is being made again; {@code reason} is one of a fixed set. */
  public void reconnect(Enum<?> reason) {
    reconnects.labelValues(reason.name().toLowerCase(Locale.ROOT)).inc();
  }

  /** A task was first reported complete, {@code took} after it started. */
  public void taskFinished(Duration took) {
    taskDuration.observe(seconds(took));
  }

  /** A task's script was first reported running, {@code took} after it started. */
  public void podStarted(Duration took) {
    podStart.observe(seconds(took));
  }

  /** Output lines sent to the server in one status, and their UTF-8 size. */
  public void outputDelivered(int lines, long bytes) {
    if (lines > 0) {
      outputLines.inc(lines);
      outputBytes.inc(bytes);
    }
  }

  /**
   * The metrics in the format {@code accept} prefers: OpenMetrics when it asks for {@code
   * application/openmetrics-text}, otherwise the Prometheus text format.
   */
  public Exposition scrape(String accept) {
    registerJvmMetrics();
    ExpositionFormatWriter writer = formats.findWriter(accept == null ? "" : accept);
    ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
    try {
      writer.write(body, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Exposition(writer.getContentType(), body.toByteArray());
  }

  /**
   * The JVM's metrics, registered at the first scrape rather than at start: they read the JVM's
   * management beans, about 150 classes an agent nobody scrapes never needs, and each value is read
   * at a scrape anyway.
   */
  private synchronized void registerJvmMetrics() {
    if (!jvmMetrics) {
      JvmMetrics.builder().register(registry);
      jvmMetrics = true;
    }
  }

  private static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }
}
