package dev.k8sagent.bootstrap.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k8sagent.domain.task.ScriptState;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
  /** Fixed figures, as a scrape would read them. */
  private record Figures(Map<String, Long> requestCounts) implements AgentMetrics {
    @Override
    public int pollingConnections() {
      return 5;
    }

    @Override
    public Map<ScriptState, Integer> tasksByState() {
      return Map.of(ScriptState.RUNNING, 2);
    }

    @Override
    public long podStarts() {
      return 4;
    }

    @Override
    public Duration podStartTime() {
      return Duration.ofMillis(6500);
    }

    @Override
    public long bytesUploaded() {
      return 1024;
    }

    @Override
    public long bytesDownloaded() {
      return 0;
    }

    @Override
    public boolean storageHealthy() {
      return false;
    }

    @Override
    public Map<String, Long> pluginCalls() {
      return Map.of("registry-mirror", 12L);
    }

    @Override
    public Map<String, Long> pluginFailures() {
      return Map.of("registry-mirror", 1L);
    }

    @Override
    public Duration uptime() {
      return Duration.ofSeconds(90).plusMillis(900);
    }
  }

  @Test
  void every_metric_has_help_a_type_and_its_samples() {
    String text =
        PrometheusText.write(new Figures(Map.of("IKubernetesScriptServiceV1.StartScript", 3L)));

    assertThat(text.lines())
        .contains(
            "# HELP k8sagent_polling_connections Polling connections established now.",
            "# TYPE k8sagent_polling_connections gauge",
            "k8sagent_polling_connections 5",
            "# TYPE k8sagent_tasks gauge",
            "k8sagent_tasks{state=\"running\"} 2",
            "k8sagent_tasks{state=\"complete\"} 0",
            "# TYPE k8sagent_pod_start_seconds summary",
            "k8sagent_pod_start_seconds_sum 6.5",
            "k8sagent_pod_start_seconds_count 4",
            "k8sagent_file_bytes_total{direction=\"upload\"} 1024",
            "k8sagent_file_bytes_total{direction=\"download\"} 0",
            "k8sagent_storage_healthy 0",
            "# TYPE k8sagent_requests_total counter",
            "k8sagent_requests_total{service=\"IKubernetesScriptServiceV1\",method=\"StartScript\"} 3",
            "# TYPE k8sagent_plugin_calls_total counter",
            "k8sagent_plugin_calls_total{plugin=\"registry-mirror\"} 12",
            "k8sagent_plugin_failures_total{plugin=\"registry-mirror\"} 1",
            "k8sagent_uptime_seconds 90");
    assertThat(text).endsWith("\n");
    assertThat(text.lines().filter(l -> l.startsWith("# TYPE"))).hasSize(9);
  }

  @Test
  void label_values_are_escaped() {
    String text = PrometheusText.write(new Figures(Map.of("Odd\"Service\\.Call", 1L)));

    assertThat(text)
        .contains("k8sagent_requests_total{service=\"Odd\\\"Service\\\\\",method=\"Call\"} 1");
  }
}
