package dev.k8sagent.adapters.octopus.halibut.message;

import dev.k8sagent.adapters.octopus.halibut.bson.BsonDocument;
import dev.k8sagent.adapters.octopus.halibut.bson.NetGuid;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code DataStream} a message refers to: {@code {id: Guid, length: long}}, optionally with
 * {@code $type "Halibut.DataStream, Halibut"}. The stream's bytes follow the message on the wire in
 * the order the references appear. No other contract type has this shape, so they are found without
 * knowing the schema — the count must be right or the connection loses its place.
 */
public record DataStreamRef(NetGuid id, long length) {
  private static final Set<String> SHAPE = Set.of("id", "length");

  public DataStreamRef {
    Objects.requireNonNull(id, "id");
  }

  public BsonDocument toBson() {
    return new BsonDocument().put("id", id).put("length", length);
  }

  /** The same reference in an {@code object} slot, which carries its type. */
  public BsonDocument toTypedBson() {
    return new BsonDocument()
        .put("$type", TypeNames.DATA_STREAM)
        .put("id", id)
        .put("length", length);
  }

  /** The reference a document is, when it has the data stream shape. */
  public static Optional<DataStreamRef> of(Object value) {
    if (!(value instanceof BsonDocument document)
        || document.size() < SHAPE.size()
        || document.size() > SHAPE.size() + 1) {
      return Optional.empty(); // not id and length, with or without $type
    }
    Set<String> names = new java.util.HashSet<>(document.names());
    Optional<String> type = document.string("$type");
    if (type.isPresent()) {
      if (!type.get().equals(TypeNames.DATA_STREAM)) {
        return Optional.empty();
      }
      names.remove("$type");
    }
    if (!names.equals(SHAPE)) {
      return Optional.empty();
    }
    Object id = document.get("id").orElseThrow();
    Object length = document.get("length").orElseThrow();
    if (!(id instanceof NetGuid guid) || !(length instanceof Long || length instanceof Integer)) {
      return Optional.empty();
    }
    return Optional.of(new DataStreamRef(guid, ((Number) length).longValue()));
  }

  /** Every reference in {@code value}, depth first in document order (the wire order). */
  public static List<DataStreamRef> findAll(Object value) {
    List<DataStreamRef> found = new ArrayList<>();
    collect(value, found);
    return found;
  }

  private static void collect(Object value, List<DataStreamRef> found) {
    Optional<DataStreamRef> ref = of(value);
    if (ref.isPresent()) {
      found.add(ref.get());
      return;
    }
    if (value instanceof BsonDocument document) {
      for (Object field : document.fields().values()) {
        collect(field, found);
      }
    } else if (value instanceof List<?> list) {
      for (Object element : list) {
        collect(element, found);
      }
    }
  }
}
