package dev.k8sagent.ports.out;

/** An Event could not be written; the message says why (refused, missing, no answer). */
public final class EventNotWrittenException extends RuntimeException {
  public EventNotWrittenException(String message) {
    super(message);
  }

  public EventNotWrittenException(String message, Throwable cause) {
    super(message, cause);
  }
}
