package dev.k8sagent.bootstrap.health;

import dev.k8sagent.domain.task.ScriptState;
import java.util.Locale;
import java.util.Map;

/** Writes {@link AgentMetrics} in the Prometheus text exposition format (version 0.0.4). */
public final class PrometheusText {
  private final StringBuilder out = new StringBuilder();

  private PrometheusText() {}

  /** The metrics as {@code /metrics} serves them. */
  public static String write(AgentMetrics metrics) {
    PrometheusText text = new PrometheusText();
    text.family("k8sagent_polling_connections", "gauge", "Polling connections established now.")
        .sample("k8sagent_polling_connections", "", metrics.pollingConnections());
    text.family("k8sagent_tasks", "gauge", "Tasks the agent is tracking, by state.");
    Map<ScriptState, Integer> byState = metrics.tasksByState();
    for (ScriptState state : ScriptState.values()) {
      text.sample(
          "k8sagent_tasks",
          label("state", state.name().toLowerCase(Locale.ROOT)),
          byState.getOrDefault(state, 0));
    }
    text.family(
            "k8sagent_pod_start_seconds",
            "summary",
            "Time from creating a script pod to its script running.")
        .sample("k8sagent_pod_start_seconds_sum", "", metrics.podStartTime().toMillis() / 1000.0)
        .sample("k8sagent_pod_start_seconds_count", "", metrics.podStarts());
    text.family("k8sagent_file_bytes_total", "counter", "File bytes transferred, by direction.")
        .sample("k8sagent_file_bytes_total", label("direction", "upload"), metrics.bytesUploaded())
        .sample(
            "k8sagent_file_bytes_total", label("direction", "download"), metrics.bytesDownloaded());
    text.family(
            "k8sagent_storage_healthy",
            "gauge",
            "Whether the shared volume answered the last probe.")
        .sample("k8sagent_storage_healthy", "", metrics.storageHealthy() ? 1 : 0);
    text.family("k8sagent_requests_total", "counter", "Requests answered, by service and method.");
    metrics
        .requestCounts()
        .forEach(
            (what, count) -> {
              int dot = what.lastIndexOf('.');
              String service = dot < 0 ? what : what.substring(0, dot);
              String method = dot < 0 ? "" : what.substring(dot + 1);
              text.sample(
                  "k8sagent_requests_total",
                  label("service", service) + "," + label("method", method),
                  count);
            });
    text.family("k8sagent_plugin_calls_total", "counter", "Plugin extension calls, by plugin id.");
    metrics
        .pluginCalls()
        .forEach(
            (plugin, count) ->
                text.sample("k8sagent_plugin_calls_total", label("plugin", plugin), count));
    text.family(
        "k8sagent_plugin_failures_total",
        "counter",
        "Plugin extension calls that failed, overran or were refused, by plugin id.");
    metrics
        .pluginFailures()
        .forEach(
            (plugin, count) ->
                text.sample("k8sagent_plugin_failures_total", label("plugin", plugin), count));
    text.family("k8sagent_uptime_seconds", "gauge", "Seconds since the agent started.")
        .sample("k8sagent_uptime_seconds", "", metrics.uptime().toSeconds());
    return text.out.toString();
  }

  private PrometheusText family(String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    return this;
  }

  private PrometheusText sample(String name, String labels, Number value) {
    out.append(name);
    if (!labels.isEmpty()) {
      out.append('{').append(labels).append('}');
    }
    out.append(' ').append(value).append('\n');
    return this;
  }

  /** {@code name="value"}, the value escaped as the format requires. */
  private static String label(String name, String value) {
    return name
        + "=\""
        + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
        + "\"";
  }
}
