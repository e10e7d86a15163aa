package dev.k8sagent.adapters.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k8sagent.adapters.k8s.fake.FakeApiServer;
import dev.k8sagent.ports.out.ClusterEvent;
import dev.k8sagent.ports.out.EventReason;
import dev.k8sagent.ports.out.EventSeries;
import dev.k8sagent.ports.out.EventSubject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Event writes take their turn in the request budget every other API call shares. */
class EventsShareTheBudgetTest {
  private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

  private final FakeApiServer server = FakeApiServer.started();

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void each_create_and_update_spends_a_turn_of_the_shared_budget() {
    AtomicLong now = new AtomicLong();
    RequestBudget budget =
        new RequestBudget(
            1, 3, Duration.ofMinutes(1), now::get, wait -> now.addAndGet(wait.toNanos()));
    ApiCalls calls = new ApiCalls(1, Duration.ofMillis(1), budget, wait -> {});
    KubernetesClusterEvents events =
        new KubernetesClusterEvents(server.client(), calls, "k8s-agent.dev/agent", "agent-0");
    EventSeries series =
        new EventSeries(
            "agent-0.1",
            new ClusterEvent(
                EventSubject.pod("octopus-agent", "agent-0"), EventReason.POLLING_LOST, "lost"),
            1,
            T0,
            T0);

    events.create(series);
    events.update(series.repeated(T0.plusSeconds(1)));

    // a burst of three: the two Event writes took two, so one is left and the next must wait
    assertThat(budget.tryAcquire()).isTrue();
    assertThat(budget.tryAcquire()).isFalse();
  }
}
