package dev.k8sagent.adapters.k8s;

import io.kubernetes.client.openapi.ApiException;
import java.lang.System.Logger.Level;
import java.time.Duration;

/**
 * Runs a Kubernetes API call again when the API server says to try later: 429, 5xx, or no answer at
 * all (code 0). Anything else is the caller's to handle. Waits grow from 200 ms to 5 s.
 */
public final class ApiCalls {
  private static final System.Logger LOG = System.getLogger(ApiCalls.class.getName());

  /** One API call. */
  @FunctionalInterface
  public interface Call<T> {
    T run() throws ApiException;
  }

  private final int attempts;
  private final Duration firstWait;

  public ApiCalls(int attempts, Duration firstWait) {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
    }
    this.attempts = attempts;
    this.firstWait = firstWait;
  }

  public static ApiCalls standard() {
    return new ApiCalls(6, Duration.ofMillis(200));
  }

  /** Whether the API server asked to try again later. */
  public static boolean retriable(ApiException e) {
    return e.getCode() == 0 || e.getCode() == 429 || e.getCode() >= 500;
  }

  public <T> T call(String what, Call<T> call) throws ApiException {
    long wait = firstWait.toMillis();
    for (int attempt = 1; ; attempt++) {
      try {
        return call.run();
      } catch (ApiException e) {
        if (!retriable(e) || attempt >= attempts) {
          throw e;
        }
        LOG.log(
            Level.DEBUG,
            what + " failed with " + describe(e) + "; trying again in " + wait + " ms");
        sleep(wait);
        wait = Math.min(wait * 2, 5_000);
      }
    }
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

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting to call the API server again", e);
    }
  }
}
