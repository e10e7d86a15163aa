package dev.k8sagent.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1Service;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code metrics.serviceMonitor.enabled} makes the Prometheus Operator scrape the agent: a Service
 * that selects exactly the agent's pod on its HTTP port, and a ServiceMonitor that selects exactly
 * that Service; without it, neither exists. The agent's pod knows its own name and namespace.
 */
class MetricsChartTest {
  private final AgentChart chart = new AgentChart();

  @Test
  void a_service_monitor_scrapes_the_agents_metrics_port_when_asked_for() {
    HelmValues values =
        SeedInstall.values()
            .with(
                "metrics.serviceMonitor.enabled", "true",
                "metrics.serviceMonitor.interval", "15s",
                "metrics.serviceMonitor.labels.release", "prometheus");
    Rendered rendered = chart.render(values);

    V1Service service = rendered.named(V1Service.class, "r-kubernetes-agent-metrics").orElseThrow();
    Map<String, String> podLabels =
        rendered.agentDeployment().getSpec().getTemplate().getMetadata().getLabels();
    assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
    assertThat(rendered.podTemplates().values())
        .filteredOn(
            t ->
                t.getMetadata()
                    .getLabels()
                    .entrySet()
                    .containsAll(service.getSpec().getSelector().entrySet()))
        .as("the Service selects the agent's pod and no other")
        .hasSize(1);
    List<V1ContainerPort> ports = rendered.agentContainer().getPorts();
    assertThat(ports)
        .anySatisfy(
            p ->
                assertThat(p.getName())
                    .isEqualTo(service.getSpec().getPorts().get(0).getTargetPort().getStrValue()));

    Map<String, Object> monitor = serviceMonitor(values);
    assertThat(path(monitor, "metadata", "namespace")).isEqualTo("ns");
    assertThat(path(monitor, "metadata", "labels", "release")).isEqualTo("prometheus");
    Map<String, Object> endpoint = firstEndpoint(monitor);
    assertThat(endpoint).containsEntry("port", service.getSpec().getPorts().get(0).getName());
    assertThat(endpoint).containsEntry("path", "/metrics").containsEntry("interval", "15s");
    @SuppressWarnings("unchecked")
    Map<String, String> selected =
        (Map<String, String>) path(monitor, "spec", "selector", "matchLabels");
    assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(selected);
    assertThat(rendered.all(V1Service.class))
        .filteredOn(s -> s.getMetadata().getLabels().entrySet().containsAll(selected.entrySet()))
        .as("the ServiceMonitor selects the metrics Service and no other")
        .hasSize(1);
  }

  @Test
  void neither_service_nor_monitor_without_it() {
    HelmValues values = SeedInstall.values();

    assertThat(chart.render(values).named(V1Service.class, "r-kubernetes-agent-metrics")).isEmpty();
    assertThat(chart.template("r", "ns", values)).doesNotContain("kind: ServiceMonitor");
  }

  @Test
  void the_agent_learns_its_pod_and_namespace_from_the_downward_api() {
    Rendered rendered = chart.render(SeedInstall.values());

    assertThat(
            rendered.agentVariable("K8SAGENT_POD_NAME").getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.name");
    assertThat(
            rendered
                .agentVariable("K8SAGENT_POD_NAMESPACE")
                .getValueFrom()
                .getFieldRef()
                .getFieldPath())
        .isEqualTo("metadata.namespace");
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> serviceMonitor(HelmValues values) {
    Iterable<Object> documents = new Yaml().loadAll(chart.template("r", "ns", values));
    List<Map<String, Object>> monitors =
        StreamSupport.stream(documents.spliterator(), false)
            .filter(Objects::nonNull)
            .map(d -> (Map<String, Object>) d)
            .filter(d -> "ServiceMonitor".equals(d.get("kind")))
            .toList();
    assertThat(monitors).hasSize(1);
    assertThat(monitors.get(0)).containsEntry("apiVersion", "monitoring.coreos.com/v1");
    return monitors.get(0);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> firstEndpoint(Map<String, Object> monitor) {
    return ((List<Map<String, Object>>) path(monitor, "spec", "endpoints")).get(0);
  }

  @SuppressWarnings("unchecked")
  private static Object path(Map<String, Object> object, String... keys) {
    Object at = object;
    for (String key : keys) {
      at = ((Map<String, Object>) at).get(key);
    }
    return at;
  }
}
