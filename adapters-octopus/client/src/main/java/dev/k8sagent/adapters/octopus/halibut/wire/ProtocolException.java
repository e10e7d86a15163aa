package dev.k8sagent.adapters.octopus.halibut.wire;

/**
 * The peer broke the protocol: the connection cannot continue and is closed. The message says what
 * was expected and what came.
 */
public final class ProtocolException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ProtocolException(String message) {
    super(message);
  }

  public ProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
