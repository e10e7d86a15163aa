package dev.k8sagent.adapters.octopus.halibut.message;

import dev.k8sagent.adapters.octopus.halibut.bson.BsonDocument;
import dev.k8sagent.adapters.octopus.halibut.bson.NetGuid;
import java.util.List;
import java.util.Objects;

/**
 * A call from the server: which service and method, with positional parameters as BSON values
 * (objects keep their {@code $type}). The {@code id} is echoed in the response; the server matches
 * them by it.
 */
public record RequestMessage(
    String id, NetGuid activityId, String service, String method, List<Object> params) {
  public RequestMessage {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(activityId, "activityId");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(method, "method");
    params = List.copyOf(params);
  }

  BsonDocument toBson() {
    return new BsonDocument()
        .put("$type", TypeNames.REQUEST)
        .put("id", id)
        .put("activityId", activityId)
        .put("endpoint", new BsonDocument())
        .put("service", service)
        .put("method", method)
        .put("params", params);
  }

  static RequestMessage fromBson(BsonDocument document) {
    return new RequestMessage(
        document.requiredString("id"),
        document.guid("activityId").orElseGet(NetGuid::random),
        document.requiredString("service"),
        document.requiredString("method"),
        document.array("params"));
  }
}
