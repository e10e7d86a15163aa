package dev.k8sagent.adapters.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k8sagent.adapters.k8s.fake.VirtualTime;
import io.kubernetes.client.openapi.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Retries, Retry-After and the request budget, on virtual time. */
class ApiCallsTest {
  private final VirtualTime time = new VirtualTime(Instant.parse("2026-11-30T08:00:00Z"));
  private final ApiCalls calls =
      new ApiCalls(4, Duration.ofMillis(200), RequestBudget.unlimited(), time);

  private static ApiException refusal(int code, String retryAfter) {
    return new ApiException(
        code,
        retryAfter == null ? Map.of() : Map.of("retry-after", List.of(retryAfter)),
        "{\"kind\":\"Status\",\"message\":\"slow down\"}");
  }

  @Test
  void a_429_is_tried_again_no_sooner_than_its_retry_after() throws Exception {
    AtomicInteger attempts = new AtomicInteger();

    String result =
        calls.call(
            "Creating pod p",
            () -> {
              if (attempts.incrementAndGet() == 1) {
                throw refusal(429, "7");
              }
              return "created";
            });

    assertThat(result).isEqualTo("created");
    assertThat(time.waits()).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void a_retry_after_is_honoured_up_to_a_minute_and_a_date_counts_as_a_second() {
    assertThat(ApiCalls.retryAfter(refusal(429, "86400"))).contains(Duration.ofMinutes(1));
    assertThat(ApiCalls.retryAfter(refusal(503, "Wed, 21 Oct 2026 07:28:00 GMT")))
        .contains(Duration.ofSeconds(1));
    assertThat(ApiCalls.retryAfter(refusal(503, null))).isEmpty();
  }

  @Test
  void without_retry_after_the_waits_double_and_a_refusal_is_not_retried() {
    assertThat(attemptsOfACallFailingWith(503)).isEqualTo(4);
    assertThat(time.waits())
        .containsExactly(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800));

    assertThat(attemptsOfACallFailingWith(403)).isEqualTo(1);
  }

  private int attemptsOfACallFailingWith(int code) {
    AtomicInteger attempts = new AtomicInteger();
    assertThatThrownBy(
            () ->
                calls.call(
                    "Reading pod p",
                    () -> {
                      attempts.incrementAndGet();
                      throw refusal(code, null);
                    }))
        .isInstanceOf(ApiException.class);
    return attempts.get();
  }

  @Test
  void every_attempt_takes_a_turn_from_the_budget() throws Exception {
    RequestBudget budget = new RequestBudget(1, 1, Duration.ofHours(1), time::nanoTime, time);
    ApiCalls limited = new ApiCalls(1, Duration.ofMillis(200), budget, time);

    for (int i = 0; i < 3; i++) {
      limited.call("Listing pods", () -> "listed");
    }

    assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(2));
  }
}
