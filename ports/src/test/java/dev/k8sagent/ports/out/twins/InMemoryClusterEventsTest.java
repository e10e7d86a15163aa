package dev.k8sagent.ports.out.twins;

import dev.k8sagent.ports.out.ClusterEvents;
import dev.k8sagent.ports.out.EventSeries;
import dev.k8sagent.ports.out.contract.ClusterEventsContract;
import java.util.List;

class InMemoryClusterEventsTest extends ClusterEventsContract {
  private final InMemoryClusterEvents events = new InMemoryClusterEvents();

  @Override
  protected ClusterEvents events() {
    return events;
  }

  @Override
  protected List<EventSeries> stored(String namespace) {
    return events.stored(namespace);
  }
}
