package dev.k8sagent.adapters.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k8sagent.adapters.k8s.fake.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The token bucket on a clock that moves only when the budget waits. */
class RequestBudgetTest {
  private final VirtualTime time = new VirtualTime(Instant.parse("2026-11-30T08:00:00Z"));

  private RequestBudget budget(double perSecond, int burst, Duration longestWait) {
    return new RequestBudget(perSecond, burst, longestWait, time::nanoTime, time);
  }

  @Test
  void a_thousand_requests_at_once_are_spread_at_the_steady_rate_after_the_burst()
      throws Exception {
    RequestBudget budget = budget(5, 10, Duration.ofHours(1));
    List<Long> sentAt = new ArrayList<>();

    for (int i = 0; i < 1_000; i++) {
      budget.acquire();
      sentAt.add(time.nanoTime());
    }

    Map<Long, Integer> perSecond = new TreeMap<>();
    sentAt.forEach(at -> perSecond.merge(at / 1_000_000_000L, 1, Integer::sum));
    assertThat(perSecond.get(0L))
        .as("the first second: the burst and the rate")
        .isLessThanOrEqualTo(15);
    assertThat(perSecond.values()).allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(15));
    assertThat(time.elapsed()).isEqualTo(Duration.ofMillis(200).multipliedBy(1_000 - 10));
  }

  @Test
  void a_quiet_spell_refills_the_burst_but_never_more() throws Exception {
    RequestBudget budget = budget(5, 10, Duration.ofHours(1));
    time.advance(Duration.ofHours(1));

    for (int i = 0; i < 10; i++) {
      assertThat(budget.tryAcquire()).as("request %d of the burst", i).isTrue();
    }
    assertThat(budget.tryAcquire()).as("the eleventh, at the same instant").isFalse();
    time.advance(Duration.ofMillis(200));
    assertThat(budget.tryAcquire()).as("one more after a turn's time").isTrue();
  }

  @Test
  void a_request_that_may_be_skipped_never_waits_behind_those_that_wait() throws Exception {
    RequestBudget budget = budget(5, 2, Duration.ofHours(1));
    budget.acquire();
    budget.acquire();
    int waitsBefore = time.waits().size();

    assertThat(budget.tryAcquire()).isFalse();
    assertThat(time.waits()).hasSize(waitsBefore);
  }

  @Test
  void a_turn_further_away_than_the_longest_wait_is_refused_with_what_to_do() throws Exception {
    // seven callers at the same instant (their waits do not move this clock)
    RequestBudget budget = new RequestBudget(1, 1, Duration.ofSeconds(5), () -> 0L, wait -> {});
    for (int i = 0; i < 6; i++) {
      budget.acquire();
    }

    assertThatThrownBy(budget::acquire)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("K8SAGENT_API_REQUESTS_PER_SECOND");
  }

  @Test
  void a_rate_or_burst_that_makes_no_sense_is_refused() {
    assertThatThrownBy(() -> budget(0, 10, Duration.ZERO))
        .hasMessageContaining("positive number per second");
    assertThatThrownBy(() -> budget(5, 0, Duration.ZERO)).hasMessageContaining("at least 1");
  }
}
