package dev.k8sagent.ports.in;

import java.util.Objects;

/**
 * A use case's refusal of a request it will never accept, however often it is sent: the same
 * request fails the same way until someone changes the request or the agent's setup. Callers tell
 * the sender not to retry it. Any other exception from a use case is a failure that may pass (a
 * storage or cluster hiccup) and may be retried.
 *
 * <p>The message says what was wrong and what to do about it.
 */
public final class RequestRefused extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why a request is refused. */
  public enum Reason {
    /** The shared volume has no room for it; more room must be made first. */
    VOLUME_FULL,
    /** A path that leads outside the directory it must stay in. */
    PATH_OUTSIDE_HOME,
    /** Content larger than the agent accepts for its purpose. */
    TOO_LARGE,
    /**
     * A request that contradicts itself or breaks a rule the agent keeps: a data stream that is not
     * what its message declared, one stream referred to twice, a name the agent does not accept, a
     * path to the agent's own files. The sender must change the request.
     */
    INVALID_REQUEST
  }

  private final Reason reason;

  public RequestRefused(Reason reason, String message) {
    super(Objects.requireNonNull(message, "message"));
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public RequestRefused(Reason reason, String message, Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
