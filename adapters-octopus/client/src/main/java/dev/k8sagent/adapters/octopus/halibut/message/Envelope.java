package dev.k8sagent.adapters.octopus.halibut.message;

import dev.k8sagent.adapters.octopus.halibut.bson.BsonDocument;
import dev.k8sagent.adapters.octopus.halibut.bson.BsonFormatException;
import dev.k8sagent.adapters.octopus.halibut.bson.BsonNull;
import dev.k8sagent.adapters.octopus.halibut.bson.BsonReader;
import dev.k8sagent.adapters.octopus.halibut.bson.BsonWriter;
import dev.k8sagent.adapters.octopus.halibut.wire.ProtocolException;
import java.util.List;
import java.util.Optional;

/**
 * The envelope {@code {Message: …}} every message travels in, and the checks made before anything
 * in it is used: every {@code $type} in the whole message must be on the allow-list.
 */
public final class Envelope {
  private static final String MESSAGE = "Message";

  private Envelope() {}

  public static byte[] request(Optional<RequestMessage> request) {
    return BsonWriter.write(requestDocument(request));
  }

  public static byte[] response(ResponseMessage response) {
    return BsonWriter.write(responseDocument(response));
  }

  /** The envelope of {@code request}, or of the server's keep-alive when empty, unwritten. */
  public static BsonDocument requestDocument(Optional<RequestMessage> request) {
    return new BsonDocument()
        .put(MESSAGE, request.isPresent() ? request.get().toBson() : BsonNull.NULL);
  }

  /** The envelope of {@code response}, unwritten: the encoder writes it where it compresses it. */
  public static BsonDocument responseDocument(ResponseMessage response) {
    return new BsonDocument().put(MESSAGE, response.toBson());
  }

  /** Reads an envelope's BSON; malformed BSON is a {@link ProtocolException}. */
  public static BsonDocument parse(byte[] bson) {
    return parse(bson, bson.length);
  }

  /** Reads an envelope from the first {@code length} bytes of {@code bson}. */
  public static BsonDocument parse(byte[] bson, int length) {
    try {
      BsonDocument envelope = BsonReader.read(bson, length);
      if (envelope.get(MESSAGE).isEmpty()) {
        throw new ProtocolException(
            "The message envelope has no 'Message' field (fields: " + envelope.names() + ")");
      }
      return envelope;
    } catch (BsonFormatException e) {
      throw new ProtocolException("The message is not readable BSON: " + e.getMessage(), e);
    }
  }

  /**
   * The request in an envelope; empty for the server's keep-alive (a null message).
   *
   * @throws ProtocolException when the envelope holds something other than a request
   */
  public static Optional<RequestMessage> readRequest(BsonDocument envelope) {
    Object message = envelope.get(MESSAGE).orElse(BsonNull.NULL);
    if (message == BsonNull.NULL) {
      return Optional.empty();
    }
    BsonDocument document = messageDocument(message, TypeNames.REQUEST);
    try {
      return Optional.of(RequestMessage.fromBson(document));
    } catch (BsonFormatException e) {
      throw new ProtocolException("The request cannot be read: " + e.getMessage(), e);
    }
  }

  public static ResponseMessage readResponse(BsonDocument envelope) {
    Object message = envelope.get(MESSAGE).orElse(BsonNull.NULL);
    if (message == BsonNull.NULL) {
      throw new ProtocolException("The response envelope holds no message");
    }
    try {
      return ResponseMessage.fromBson(messageDocument(message, TypeNames.RESPONSE));
    } catch (BsonFormatException e) {
      throw new ProtocolException("The response cannot be read: " + e.getMessage(), e);
    }
  }

  private static BsonDocument messageDocument(Object message, String expectedType) {
    if (!(message instanceof BsonDocument document)) {
      throw new ProtocolException("The message envelope holds a value that is not an object");
    }
    String type = document.string("$type").orElse(expectedType);
    if (!TypeNames.simpleName(type)
        .map(n -> TypeNames.wireName(n).equals(expectedType))
        .orElse(false)) {
      throw new ProtocolException(
          "Expected a message of type '" + expectedType + "' but the peer sent '" + type + "'");
    }
    return document;
  }

  /**
   * The first {@code $type} anywhere in {@code value} that is not on the allow-list, if any. Such a
   * message is answered with an error and nothing in it is used.
   */
  public static Optional<String> firstUnknownType(Object value) {
    if (value instanceof BsonDocument document) {
      Optional<String> type = document.string("$type");
      if (type.isPresent() && TypeNames.simpleName(type.get()).isEmpty()) {
        return type;
      }
      for (Object field : document.fields().values()) {
        Optional<String> inner = firstUnknownType(field);
        if (inner.isPresent()) {
          return inner;
        }
      }
    } else if (value instanceof List<?> list) {
      for (Object element : list) {
        Optional<String> inner = firstUnknownType(element);
        if (inner.isPresent()) {
          return inner;
        }
      }
    }
    return Optional.empty();
  }
}
