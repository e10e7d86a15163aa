package dev.k8sagent.bootstrap.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A queue that blocked instead of dropping would hang the offering thread: the timeout fails it.
 */
@Timeout(60)
class ObserverDeliveryTest {

  @Test
  void events_beyond_a_full_queue_are_dropped_and_counted_and_the_rest_delivered_in_order()
      throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger delivered = new AtomicInteger();
    AtomicInteger outOfOrder = new AtomicInteger();
    try (ObserverDelivery delivery = new ObserverDelivery()) {
      delivery.offer(
          () -> {
            started.countDown();
            try {
              release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

      for (int i = 0; i < ObserverDelivery.CAPACITY + 3; i++) {
        int expected = i + 1;
        delivery.offer(
            () -> {
              if (delivered.incrementAndGet() != expected) {
                outOfOrder.incrementAndGet();
              }
            });
      }
      assertThat(delivery.dropped()).isEqualTo(3);
      release.countDown();

      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> delivered.get() == ObserverDelivery.CAPACITY);
      assertThat(outOfOrder).hasValue(0);
    }
  }

  @Test
  void an_event_that_throws_does_not_stop_the_next_ones() {
    AtomicInteger delivered = new AtomicInteger();
    try (ObserverDelivery delivery = new ObserverDelivery()) {
      delivery.offer(
          () -> {
            throw new IllegalStateException("observer bug");
          });
      delivery.offer(delivered::incrementAndGet);

      await().atMost(Duration.ofSeconds(30)).until(() -> delivered.get() == 1);
    }
  }
}
