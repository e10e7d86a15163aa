package dev.k8sagent.adapters.octopus.halibut.bson;

/** Bytes that are not a BSON document this reader accepts; the message says what and where. */
public final class BsonFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BsonFormatException(String message) {
    super(message);
  }
}
