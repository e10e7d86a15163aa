package dev.k8sagent.adapters.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.k8sagent.adapters.k8s.fake.FakeApiServer;
import dev.k8sagent.ports.out.ClusterEvent;
import dev.k8sagent.ports.out.EventReason;
import dev.k8sagent.ports.out.EventSeries;
import dev.k8sagent.ports.out.EventSubject;
import dev.k8sagent.ports.service.ReportingEvents;
import dev.k8sagent.ports.service.ReportingEvents.Dropped;
import io.kubernetes.client.openapi.apis.EventsV1Api;
import io.kubernetes.client.openapi.models.EventsV1Event;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Events reported by the agent as an operator finds them with {@code kubectl get events}. */
class ReportingEventsOnApiServerTest {
  private static final String NS = "octopus-agent";
  private static final EventSubject AGENT = EventSubject.pod(NS, "octopus-agent-7d9f-x2b");

  private final FakeApiServer server = FakeApiServer.started();
  private final ReportingEvents events =
      new ReportingEvents(
          new KubernetesClusterEvents(server.client(), "k8s-agent.dev/agent", AGENT.name()),
          Clock.systemUTC(),
          new ReportingEvents.Limits(64, 64, 3, Duration.ofHours(1), Duration.ofMinutes(6)));

  @AfterEach
  void stop() throws Exception {
    events.close();
    server.close();
  }

  @Test
  void a_repeated_event_is_one_event_object_whose_series_counts_the_repeats() throws Exception {
    events.start();
    ClusterEvent lost =
        new ClusterEvent(AGENT, EventReason.POLLING_LOST, "Polling connection 1 lost: reset");

    for (int i = 0; i < 20; i++) {
      events.report(lost);
    }

    await().until(() -> stored().size() == 1 && stored().get(0).count() == 20);
    EventsV1Event written =
        new EventsV1Api(server.client()).listNamespacedEvent(NS).execute().getItems().get(0);
    assertThat(written.getType()).isEqualTo("Warning");
    assertThat(written.getReason()).isEqualTo("PollingConnectionLost");
    assertThat(written.getReportingController()).isEqualTo("k8s-agent.dev/agent");
    assertThat(written.getReportingInstance()).isEqualTo(AGENT.name());
    assertThat(written.getRegarding().getName()).isEqualTo(AGENT.name());
    assertThat(server.calls("POST events")).isEqualTo(1);
  }

  @Test
  void new_series_beyond_the_rate_limit_are_dropped_and_counted() {
    events.start();

    for (int i = 0; i < 10; i++) {
      events.report(new ClusterEvent(AGENT, EventReason.PLUGIN_FAILED, "plugin-" + i + " failed"));
    }

    await().until(() -> stored().size() == 3);
    assertThat(events.dropped()).containsEntry(Dropped.RATE_LIMITED, 7L);
    assertThat(server.calls("POST events")).isEqualTo(3);
  }

  @Test
  void an_api_server_that_refuses_events_costs_the_caller_nothing() {
    server.failNext("POST events", 1, 403);
    events.start();

    events.report(new ClusterEvent(AGENT, EventReason.REGISTERED, "Registered as web"));
    await().until(() -> events.dropped().get(Dropped.WRITE_FAILED) == 1L);
    events.report(new ClusterEvent(AGENT, EventReason.POLLING_RESTORED, "Connection 1 back"));

    await().until(() -> stored().size() == 1);
    assertThat(stored().get(0).event().reason()).isEqualTo(EventReason.POLLING_RESTORED);
  }

  private List<EventSeries> stored() {
    return KubernetesClusterEventsTest.readBack(server, NS);
  }
}
