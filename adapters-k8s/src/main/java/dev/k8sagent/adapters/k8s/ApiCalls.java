package dev.k8sagent.adapters.k8s;

import io.kubernetes.client.openapi.ApiException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every Kubernetes API call the agent makes goes through here. Each attempt first takes a turn from
 * the agent's {@link RequestBudget}, so the agent never sends the API server more than its budget
 * however many tasks it is given. A call is tried again when the API server says to try later: 429,
 * 5xx, or no answer at all (code 0); anything else is the caller's to handle. Waits grow from
 * {@code firstWait} to 5 s, and are never shorter than a 429's or 503's {@code Retry-After} (at
 * most a minute of it is honoured).
 */
public final class ApiCalls {
  private static final System.Logger LOG = System.getLogger(ApiCalls.class.getName());

  /** One API call. */
  @FunctionalInterface
  public interface Call<T> {
    T run() throws ApiException;
  }

  /** The longest {@code Retry-After} honoured; a longer one is read as this. */
  static final Duration LONGEST_RETRY_AFTER = Duration.ofMinutes(1);

  private static final Duration LONGEST_WAIT = Duration.ofSeconds(5);

  private final int attempts;
  private final Duration firstWait;
  private final RequestBudget budget;
  private final RequestBudget.Sleeper sleeper;

  /** Calls with no request budget, waiting on the real clock. */
  public ApiCalls(int attempts, Duration firstWait) {
    this(attempts, firstWait, RequestBudget.unlimited(), RequestBudget.Sleeper.REAL);
  }

  public ApiCalls(
      int attempts, Duration firstWait, RequestBudget budget, RequestBudget.Sleeper sleeper) {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
    }
    this.attempts = attempts;
    this.firstWait = firstWait;
    this.budget = budget;
    this.sleeper = sleeper;
  }

  /** Six attempts, the first retry after 200 ms, within {@code budget}. */
  public static ApiCalls standard(RequestBudget budget) {
    return new ApiCalls(6, Duration.ofMillis(200), budget, RequestBudget.Sleeper.REAL);
  }

  /** The budget every call here takes its turn from. */
  public RequestBudget budget() {
    return budget;
  }

  /** Whether the API server asked to try again later. */
  public static boolean retriable(ApiException e) {
    return e.getCode() == 0 || e.getCode() == 429 || e.getCode() >= 500;
  }

  /** Runs {@code call}, waiting for its turn in the budget before each attempt. */
  public <T> T call(String what, Call<T> call) throws ApiException {
    Duration wait = firstWait;
    for (int attempt = 1; ; attempt++) {
      try {
        takeTurn(what);
        return call.run();
      } catch (ApiException e) {
        if (!retriable(e) || attempt >= attempts) {
          throw e;
        }
        Duration pause = max(wait, retryAfter(e).orElse(Duration.ZERO));
        LOG.log(
            Level.DEBUG,
            what + " failed with " + describe(e) + "; trying again in " + pause.toMillis() + " ms");
        sleep(pause);
        wait = min(wait.multipliedBy(2), LONGEST_WAIT);
      }
    }
  }

  /**
   * Runs {@code call} once, only if the budget has a turn free now: for requests that can be left
   * out (a pod's events for a status answer), so the caller never waits behind others.
   *
   * @return empty when the budget is spent
   */
  public <T> Optional<T> callIfFree(Call<T> call) throws ApiException {
    return budget.tryAcquire() ? Optional.of(call.run()) : Optional.empty();
  }

  /** Waits for a turn in the budget, for a request not made through {@link #call} (a watch). */
  public void takeTurn(String what) {
    try {
      budget.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + " was interrupted waiting for its turn", e);
    }
  }

  /**
   * The wait the API server asked for in {@code Retry-After} (seconds, or an HTTP date is read as
   * one second), at most {@link #LONGEST_RETRY_AFTER}; empty when it asked for none.
   */
  static Optional<Duration> retryAfter(ApiException e) {
    Map<String, List<String>> headers = e.getResponseHeaders();
    if (headers == null) {
      return Optional.empty();
    }
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      if (header.getKey() != null
          && header.getKey().equalsIgnoreCase("Retry-After")
          && header.getValue() != null
          && !header.getValue().isEmpty()) {
        String value = header.getValue().get(0).trim();
        if (!value.matches("[0-9]{1,9}")) {
          return Optional.of(Duration.ofSeconds(1)); // an HTTP date: not worth trusting a clock
        }
        return Optional.of(min(Duration.ofSeconds(Long.parseLong(value)), LONGEST_RETRY_AFTER));
      }
    }
    return Optional.empty();
  }

  /** A one-line account of an API failure, without the response body's secrets. */
  public static String describe(ApiException e) {
    if (e.getCode() == 0) {
      return "no answer from the API server (" + e.getMessage() + ")";
    }
    return "HTTP " + e.getCode();
  }

  /**
   * {@link #describe} plus the API server's own explanation when the body is a Status object with a
   * message (an RBAC refusal, an invalid field), so an operator sees what to fix.
   */
  public static String explain(ApiException e) {
    String body = e.getResponseBody();
    if (body != null) {
      try {
        var status = com.google.gson.JsonParser.parseString(body).getAsJsonObject();
        if (status.has("message")) {
          return describe(e) + ": " + status.get("message").getAsString();
        }
      } catch (RuntimeException ignored) {
        // not a Status object
      }
    }
    return describe(e);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private void sleep(Duration wait) {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting to call the API server again", e);
    }
  }
}
