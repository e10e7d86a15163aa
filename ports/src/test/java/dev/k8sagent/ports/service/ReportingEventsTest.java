package dev.k8sagent.ports.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.k8sagent.ports.out.ClusterEvent;
import dev.k8sagent.ports.out.ClusterEvents;
import dev.k8sagent.ports.out.EventReason;
import dev.k8sagent.ports.out.EventSeries;
import dev.k8sagent.ports.out.EventSubject;
import dev.k8sagent.ports.out.twins.InMemoryClusterEvents;
import dev.k8sagent.ports.service.ReportingEvents.Dropped;
import dev.k8sagent.ports.service.ReportingEvents.Limits;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReportingEventsTest {
  private static final String NS = "octopus-agent";
  private static final ClusterEvent LOST =
      new ClusterEvent(EventSubject.pod(NS, "agent-0"), EventReason.POLLING_LOST, "lost 1");

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
  private final InMemoryClusterEvents cluster = new InMemoryClusterEvents();
  private ReportingEvents events;

  @AfterEach
  void stop() {
    if (events != null) {
      events.close();
    }
  }

  @Test
  void repeats_within_the_window_become_one_event_with_a_count() {
    events = started(cluster, new Limits(64, 64, 5, Duration.ofSeconds(10), Duration.ofMinutes(6)));

    for (int i = 0; i < 7; i++) {
      events.report(LOST);
      clock.advance(Duration.ofSeconds(20));
    }

    await().until(() -> cluster.stored(NS).size() == 1 && cluster.stored(NS).get(0).count() == 7);
    EventSeries series = cluster.stored(NS).get(0);
    assertThat(series.last()).isEqualTo(series.first().plus(Duration.ofSeconds(120)));
    assertThat(series.name()).startsWith("agent-0.");
  }

  @Test
  void after_a_quiet_window_the_same_event_starts_a_new_series() {
    events = started(cluster, new Limits(64, 64, 5, Duration.ofSeconds(10), Duration.ofMinutes(6)));

    events.report(LOST);
    await().until(() -> cluster.stored(NS).size() == 1);
    clock.advance(Duration.ofMinutes(7));
    events.report(LOST);

    await().until(() -> cluster.stored(NS).size() == 2);
    assertThat(cluster.stored(NS)).allSatisfy(s -> assertThat(s.count()).isEqualTo(1));
  }

  @Test
  void new_series_beyond_the_burst_are_dropped_until_the_bucket_refills() {
    events = started(cluster, new Limits(64, 64, 3, Duration.ofSeconds(10), Duration.ofMinutes(6)));

    for (int i = 0; i < 5; i++) {
      events.report(lost("connection " + i));
    }
    assertThat(events.dropped()).containsEntry(Dropped.RATE_LIMITED, 2L);
    await().until(() -> cluster.stored(NS).size() == 3);

    clock.advance(Duration.ofSeconds(10));
    events.report(lost("connection 5"));
    events.report(lost("connection 6"));

    await().until(() -> cluster.stored(NS).size() == 4);
    assertThat(events.dropped()).containsEntry(Dropped.RATE_LIMITED, 3L);
  }

  @Test
  void repeats_of_a_series_need_no_token() {
    events = started(cluster, new Limits(64, 64, 1, Duration.ofHours(1), Duration.ofMinutes(6)));

    for (int i = 0; i < 50; i++) {
      events.report(LOST);
    }

    await().until(() -> !cluster.stored(NS).isEmpty() && cluster.stored(NS).get(0).count() == 50);
    assertThat(events.dropped()).containsEntry(Dropped.RATE_LIMITED, 0L);
  }

  @Test
  void a_failed_write_is_counted_and_the_next_event_is_still_written() {
    events = started(cluster, Limits.defaults());
    cluster.failNext(1);

    events.report(lost("first"));
    await().until(() -> events.dropped().get(Dropped.WRITE_FAILED) == 1L);
    events.report(lost("second"));

    await().until(() -> cluster.stored(NS).size() == 1);
    assertThat(cluster.stored(NS).get(0).event().note()).isEqualTo("second");
  }

  @Test
  void when_the_writer_is_stuck_reports_are_dropped_without_waiting() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger entered = new AtomicInteger();
    ClusterEvents stuck =
        new ClusterEvents() {
          @Override
          public void create(EventSeries series) {
            entered.incrementAndGet();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            cluster.create(series);
          }

          @Override
          public void update(EventSeries series) {
            cluster.update(series);
          }
        };
    events = started(stuck, new Limits(1, 64, 10, Duration.ofSeconds(1), Duration.ofMinutes(6)));

    events.report(lost("taken by the writer"));
    await().until(() -> entered.get() == 1);
    events.report(lost("waits in the queue"));
    events.report(lost("finds the queue full"));

    assertThat(events.dropped()).containsEntry(Dropped.QUEUE_FULL, 1L);
    release.countDown();
    await().until(() -> cluster.stored(NS).size() == 2);
  }

  private ReportingEvents started(ClusterEvents sink, Limits limits) {
    ReportingEvents started = new ReportingEvents(sink, clock, limits);
    started.start();
    return started;
  }

  private static ClusterEvent lost(String note) {
    return new ClusterEvent(EventSubject.pod(NS, "agent-0"), EventReason.POLLING_LOST, note);
  }
}
