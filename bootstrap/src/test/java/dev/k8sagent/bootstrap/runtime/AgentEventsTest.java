package dev.k8sagent.bootstrap.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.k8sagent.adapters.octopus.halibut.polling.ConnectionListener.DropReason;
import dev.k8sagent.bootstrap.health.FixedFigures;
import dev.k8sagent.bootstrap.health.PrometheusMetrics;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.domain.task.TaskLifecycle;
import dev.k8sagent.ports.out.EventReason;
import dev.k8sagent.ports.out.EventSeries;
import dev.k8sagent.ports.out.EventSubject;
import dev.k8sagent.ports.out.PodEvent;
import dev.k8sagent.ports.out.PodLaunch;
import dev.k8sagent.ports.out.PodObservation;
import dev.k8sagent.ports.out.PodShape;
import dev.k8sagent.ports.out.ScriptPods;
import dev.k8sagent.ports.out.twins.InMemoryClusterEvents;
import dev.k8sagent.ports.service.ReportingEvents;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the agent's parts report as Kubernetes Events, written to the in-memory twin. */
class AgentEventsTest {
  private static final String NS = "octopus-agent";
  private static final EventSubject AGENT = EventSubject.pod(NS, "octopus-agent-web-0");
  private static final URI SERVER = URI.create("https://octopus.example.com:10943/");

  private final InMemoryClusterEvents cluster = new InMemoryClusterEvents();
  private final AgentEvents events =
      new AgentEvents(
          Optional.of(
              new ReportingEvents(cluster, Clock.systemUTC(), ReportingEvents.Limits.defaults())),
          Optional.of(AGENT),
          NS);
  private final PrometheusMetrics metrics = new PrometheusMetrics(FixedFigures::some);

  AgentEventsTest() {
    events.start();
  }

  @AfterEach
  void stop() {
    events.close();
  }

  @Test
  void a_lost_polling_connection_and_its_return_are_events_on_the_agents_pod() {
    ConnectionEvents connections = new ConnectionEvents(metrics, events);

    connections.identified(SERVER);
    connections.dropped(SERVER, DropReason.CONNECTION_LOST);
    connections.dropped(SERVER, DropReason.CONNECT_FAILED);
    connections.identified(SERVER);

    await()
        .until(
            () ->
                reasons()
                    .containsAll(List.of("PollingConnectionLost", "PollingConnectionRestored")));
    assertThat(cluster.stored(NS))
        .hasSize(2)
        .allSatisfy(s -> assertThat(s.event().subject()).isEqualTo(AGENT));
    assertThat(scrape())
        .contains("k8sagent_polling_reconnects_total{reason=\"connection_lost\"} 1.0")
        .contains("k8sagent_polling_reconnects_total{reason=\"connect_failed\"} 1.0");
  }

  @Test
  void an_image_pull_failure_is_an_event_on_the_script_pod_reported_once() {
    ScriptTicket ticket = new ScriptTicket("deploy-1");
    FixedPods pods = new FixedPods(ticket);
    ReportingScriptPods reporting = new ReportingScriptPods(pods, events);

    pods.events.add(new PodEvent(Instant.now(), "Scheduled", "Assigned to node-1", false));
    pods.events.add(
        new PodEvent(Instant.now(), "Failed", "Failed to pull image \"tools:9\": not found", true));
    reporting.observe(ticket);
    reporting.observe(ticket);
    pods.events.add(
        new PodEvent(Instant.now(), "FailedScheduling", "0/3 nodes are available", true));
    reporting.observe(ticket);

    await().until(() -> cluster.stored(NS).size() == 2);
    assertThat(cluster.stored(NS))
        .allSatisfy(
            s -> {
              assertThat(s.count()).isEqualTo(1);
              assertThat(s.event().subject().name()).startsWith("octopus-script-");
            })
        .extracting(s -> s.event().reason())
        .containsExactlyInAnyOrder(EventReason.IMAGE_PULL_FAILED, EventReason.UNSCHEDULABLE);
  }

  @ParameterizedTest
  @CsvSource({
    "Failed, Failed to pull image \"x\": rpc error, true, IMAGE_PULL_FAILED",
    "BackOff, Back-off pulling image \"x\", true, IMAGE_PULL_FAILED",
    "ErrImagePull, whatever, true, IMAGE_PULL_FAILED",
    "FailedScheduling, 0/3 nodes are available, true, UNSCHEDULABLE",
    "BackOff, Back-off restarting failed container, true, ",
    "Pulled, Successfully pulled image \"x\", false, ",
    "FailedScheduling, not a warning, false, "
  })
  void pod_warnings_that_mean_it_cannot_start(
      String reason, String message, boolean warning, EventReason expected) {
    assertThat(
            ReportingScriptPods.cannotStart(new PodEvent(Instant.now(), reason, message, warning)))
        .isEqualTo(Optional.ofNullable(expected));
  }

  @Test
  void without_a_cluster_nothing_is_reported_and_nothing_dropped() {
    AgentEvents none = AgentEvents.none();
    none.start();
    none.aboutAgent(EventReason.REGISTERED, "Registered");

    assertThat(none.dropped()).containsOnlyKeys("rate_limited", "queue_full", "write_failed");
    assertThat(none.dropped().values()).containsOnly(0L);
    none.close();
  }

  private List<String> reasons() {
    return cluster.stored(NS).stream()
        .map(EventSeries::event)
        .map(e -> e.reason().reason())
        .toList();
  }

  private String scrape() {
    return new String(metrics.scrape("text/plain").body(), StandardCharsets.UTF_8);
  }

  /** One pod whose events a test adds to. */
  private static final class FixedPods implements ScriptPods {
    final List<PodEvent> events = new ArrayList<>();
    private final ScriptTicket ticket;

    FixedPods(ScriptTicket ticket) {
      this.ticket = ticket;
    }

    @Override
    public PodShape shapeOf(PodLaunch launch) {
      return new PodShape(
          Map.of(), Map.of(), Map.of(), List.of(), List.of(), PodShape.Security.RESTRICTED);
    }

    @Override
    public void launch(PodLaunch launch) {}

    @Override
    public Optional<PodObservation> observe(ScriptTicket asked) {
      return Optional.of(new PodObservation(ticket, TaskLifecycle.PENDING, Instant.EPOCH, events));
    }

    @Override
    public List<PodObservation> owned() {
      return List.of();
    }

    @Override
    public void cancel(ScriptTicket asked) {}

    @Override
    public void delete(ScriptTicket asked) {}
  }
}
