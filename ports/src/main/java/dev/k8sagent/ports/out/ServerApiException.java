package dev.k8sagent.ports.out;

/** The Octopus Server refused or failed a call; the message says what it said. */
public class ServerApiException extends RuntimeException {
  private final int status;

  public ServerApiException(int status, String message) {
    super(message);
    this.status = status;
  }

  /** The HTTP status, or 0 when the server could not be reached. */
  public int status() {
    return status;
  }
}
