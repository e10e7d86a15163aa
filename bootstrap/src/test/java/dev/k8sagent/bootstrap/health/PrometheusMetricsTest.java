package dev.k8sagent.bootstrap.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k8sagent.adapters.octopus.halibut.bson.NetGuid;
import dev.k8sagent.adapters.octopus.halibut.message.RequestMessage;
import dev.k8sagent.adapters.octopus.halibut.service.ServiceDispatcher;
import dev.k8sagent.domain.version.KubernetesVersion;
import dev.k8sagent.domain.version.SemanticVersion;
import dev.k8sagent.ports.out.twins.InMemoryFileStore;
import dev.k8sagent.ports.out.twins.InMemoryScriptPods;
import dev.k8sagent.ports.out.twins.InMemoryWorkspaces;
import dev.k8sagent.ports.service.DescribingCapabilities;
import dev.k8sagent.ports.service.ExecutionSettings;
import dev.k8sagent.ports.service.RunningScripts;
import dev.k8sagent.ports.service.TransferringFiles;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PrometheusMetricsTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-30T10:00:00Z"), ZoneOffset.UTC);

  private final ServiceDispatcher dispatcher =
      new ServiceDispatcher(
          new RunningScripts(
              new InMemoryWorkspaces("/octopus", CLOCK),
              new InMemoryScriptPods(CLOCK),
              request -> Optional.empty(),
              () -> Optional.of(KubernetesVersion.parse("v1.31.0")),
              ExecutionSettings.defaults(),
              CLOCK),
          new TransferringFiles(new InMemoryFileStore("/octopus"), "/octopus"),
          new DescribingCapabilities(
              SemanticVersion.parse("1.0.0"),
              () -> Optional.of(KubernetesVersion.parse("v1.31.0"))));

  private final PrometheusMetrics metrics =
      new PrometheusMetrics(() -> new FixedFigures(dispatcher::requestCounts));

  @Test
  void ten_thousand_requests_with_random_service_names_make_no_new_series() {
    Random random = new Random(16);
    for (int i = 0; i < 10_000; i++) {
      dispatcher.dispatch(
          request("I" + Long.toHexString(random.nextLong()) + "Service", "Run"), Map.of());
    }
    dispatcher.dispatch(request("ICapabilitiesServiceV2", "GetCapabilities"), Map.of());
    dispatcher.dispatch(request("ICapabilitiesServiceV2", "NoSuchMethod"), Map.of());

    StrictExposition.Parsed parsed = scrape("text/plain");

    List<StrictExposition.Sample> requests = parsed.named("k8sagent_requests_total");
    assertThat(requests).hasSize(2);
    assertThat(valueOf(requests, "other", "other")).isEqualTo(10_001);
    assertThat(valueOf(requests, "ICapabilitiesServiceV2", "GetCapabilities")).isEqualTo(1);
    assertThat(parsed.samples().size()).isLessThan(1_000);
    assertThat(dispatcher.requestCounts())
        .as("the agent keeps no per-name count of names it does not serve")
        .containsOnlyKeys("ICapabilitiesServiceV2.GetCapabilities", "other.other");
  }

  @Test
  void the_prometheus_text_format_is_served_unless_openmetrics_is_asked_for() {
    Exposition plain = metrics.scrape("text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
    Exposition open =
        metrics.scrape("application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
    Exposition none = metrics.scrape(null);

    assertThat(plain.contentType()).startsWith("text/plain; version=0.0.4");
    assertThat(none.contentType()).isEqualTo(plain.contentType());
    assertThat(open.contentType()).startsWith("application/openmetrics-text; version=1.0.0");
    StrictExposition.parse(text(plain), false);
    StrictExposition.Parsed parsedOpen = StrictExposition.parse(text(open), true);
    assertThat(parsedOpen.families()).containsEntry("k8sagent_file_bytes", "counter");
  }

  @Test
  void every_agent_family_follows_the_naming_conventions_and_the_jvm_is_there() {
    metrics.apiCall("create", "pods", "201", Duration.ofMillis(12));
    metrics.apiCall("create", "pods", "201", Duration.ofMillis(40));
    metrics.reconnect(TestReason.CONNECTION_LOST);
    metrics.taskFinished(Duration.ofSeconds(42));
    metrics.podStarted(Duration.ofMillis(2500));
    metrics.outputDelivered(3, 120);

    StrictExposition.Parsed parsed = scrape("text/plain");

    parsed
        .families()
        .forEach(
            (name, type) -> {
              if (type.equals("counter")) {
                assertThat(name).as(name).endsWith("_total");
              }
              if (type.equals("histogram")) {
                assertThat(name).as(name).endsWith("_seconds");
              }
            });
    assertThat(parsed.families().keySet())
        .contains(
            "jvm_memory_used_bytes",
            "jvm_gc_collection_seconds",
            "jvm_threads_current",
            "process_open_fds",
            "k8sagent_kubernetes_api_request_duration_seconds",
            "k8sagent_polling_reconnects_total",
            "k8sagent_task_duration_seconds",
            "k8sagent_pod_start_seconds",
            "k8sagent_output_lines_delivered_total",
            "k8sagent_output_bytes_delivered_total",
            "k8sagent_plugin_calls_total",
            "k8sagent_plugin_failures_total",
            "k8sagent_events_dropped_total");
    assertThat(
            parsed.named("k8sagent_kubernetes_api_request_duration_seconds_count").get(0).labels())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("verb", "create", "resource", "pods", "code", "201"));
    assertThat(
            parsed.named("k8sagent_kubernetes_api_request_duration_seconds_count").get(0).value())
        .isEqualTo(2);
    assertThat(parsed.named("k8sagent_polling_reconnects_total").get(0).labels())
        .containsEntry("reason", "connection_lost");
    assertThat(parsed.named("k8sagent_output_bytes_delivered_total").get(0).value()).isEqualTo(120);
    assertThat(parsed.named("k8sagent_plugin_failures_total").get(0).labels())
        .containsEntry("plugin", "registry-mirror");
    assertThat(
            parsed.named("k8sagent_events_dropped_total").stream()
                .map(s -> s.labels().get("cause"))
                .collect(Collectors.toSet()))
        .isEqualTo(Set.of("rate_limited", "queue_full", "write_failed"));
    assertThat(parsed.named("k8sagent_plugin_observer_events_dropped_total").get(0).value())
        .isEqualTo(3);
    assertThat(
            parsed.named("k8sagent_task_slots").stream()
                .collect(Collectors.toMap(s -> s.labels().get("state"), s -> s.value())))
        .isEqualTo(Map.of("running", 2.0, "waiting", 7.0));
  }

  private enum TestReason {
    CONNECTION_LOST
  }

  private StrictExposition.Parsed scrape(String accept) {
    return StrictExposition.parse(text(metrics.scrape(accept)), false);
  }

  private static String text(Exposition exposition) {
    return new String(exposition.body(), StandardCharsets.UTF_8);
  }

  private static double valueOf(
      List<StrictExposition.Sample> samples, String service, String method) {
    return samples.stream()
        .filter(s -> s.labels().equals(Map.of("service", service, "method", method)))
        .findFirst()
        .orElseThrow()
        .value();
  }

  private static RequestMessage request(String service, String method) {
    return new RequestMessage(
        service + "::" + method + "Async[1] / x", NetGuid.random(), service, method, List.of());
  }
}
