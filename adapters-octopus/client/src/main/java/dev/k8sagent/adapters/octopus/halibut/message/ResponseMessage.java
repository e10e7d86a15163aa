package dev.k8sagent.adapters.octopus.halibut.message;

import dev.k8sagent.adapters.octopus.halibut.bson.BsonDocument;
import dev.k8sagent.adapters.octopus.halibut.bson.BsonNull;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to one request: its {@code id}, and either an error or a result (a BSON value; objects
 * carry {@code $type}; {@link BsonNull} for a void method).
 */
public record ResponseMessage(String id, Optional<ServerError> error, Object result) {
  public ResponseMessage {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(error, "error");
    result = result == null ? BsonNull.NULL : result;
  }

  public static ResponseMessage success(String id, Object result) {
    return new ResponseMessage(id, Optional.empty(), result);
  }

  public static ResponseMessage failure(String id, ServerError error) {
    return new ResponseMessage(id, Optional.of(error), BsonNull.NULL);
  }

  BsonDocument toBson() {
    return new BsonDocument()
        .put("$type", TypeNames.RESPONSE)
        .put("id", id)
        .put("error", error.isPresent() ? error.get().toBson() : BsonNull.NULL)
        .put("result", result);
  }

  static ResponseMessage fromBson(BsonDocument document) {
    return new ResponseMessage(
        document.requiredString("id"),
        document.document("error").map(ServerError::fromBson),
        document.get("result").orElse(BsonNull.NULL));
  }
}
