package dev.k8sagent.adapters.k8s;

import dev.k8sagent.adapters.k8s.fake.FakeApiServer;
import dev.k8sagent.ports.out.ClusterEvent;
import dev.k8sagent.ports.out.ClusterEvents;
import dev.k8sagent.ports.out.EventReason;
import dev.k8sagent.ports.out.EventSeries;
import dev.k8sagent.ports.out.EventSubject;
import dev.k8sagent.ports.out.contract.ClusterEventsContract;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.EventsV1Api;
import io.kubernetes.client.openapi.models.EventsV1Event;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** The real adapter against the fake API server passes the same contract as the twin. */
class KubernetesClusterEventsTest extends ClusterEventsContract {
  private final FakeApiServer server = FakeApiServer.started();
  private final KubernetesClusterEvents events =
      new KubernetesClusterEvents(server.client(), "k8s-agent.dev/agent", "agent-0");

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Override
  protected ClusterEvents events() {
    return events;
  }

  @Override
  protected List<EventSeries> stored(String namespace) {
    return readBack(server, namespace);
  }

  /** The Events in {@code namespace} as the API server holds them, turned back into series. */
  static List<EventSeries> readBack(FakeApiServer server, String namespace) {
    try {
      return new EventsV1Api(server.client())
          .listNamespacedEvent(namespace).execute().getItems().stream()
              .map(KubernetesClusterEventsTest::series)
              .toList();
    } catch (ApiException e) {
      throw new UncheckedIOException(new java.io.IOException(ApiCalls.explain(e), e));
    }
  }

  private static EventSeries series(EventsV1Event event) {
    EventReason reason =
        Arrays.stream(EventReason.values())
            .filter(r -> r.reason().equals(event.getReason()))
            .findFirst()
            .orElseThrow();
    var regarding = event.getRegarding();
    boolean repeated = event.getSeries() != null;
    return new EventSeries(
        event.getMetadata().getName(),
        new ClusterEvent(
            new EventSubject(regarding.getKind(), regarding.getNamespace(), regarding.getName()),
            reason,
            event.getNote()),
        repeated ? event.getSeries().getCount() : 1,
        event.getEventTime().toInstant(),
        repeated
            ? event.getSeries().getLastObservedTime().toInstant()
            : event.getEventTime().toInstant());
  }
}
