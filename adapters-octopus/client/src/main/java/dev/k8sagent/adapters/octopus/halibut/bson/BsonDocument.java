package dev.k8sagent.adapters.octopus.halibut.bson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An ordered BSON document. Values are {@link String}, {@link Integer} (int32), {@link Long}
 * (int64), {@link Double}, {@link Boolean}, {@link Instant} (UTC datetime), {@link NetGuid} (binary
 * subtype 4), {@link BsonBinary}, {@link BsonDocument}, {@link List} (array) or {@link BsonNull}.
 *
 * <p>Lookups by name fall back to a case-insensitive match, as Json.NET binds members; the typed
 * getters throw {@link BsonFormatException} naming the field when a value has the wrong type, so a
 * malformed request is answered with a message that says which field was wrong.
 */
public final class BsonDocument {
  private final LinkedHashMap<String, Object> fields = new LinkedHashMap<>();

  public BsonDocument() {}

  /** Adds or replaces a field; the order of first insertion is kept. */
  public BsonDocument put(String name, Object value) {
    Objects.requireNonNull(name, "name");
    fields.put(name, checked(value));
    return this;
  }

  /**
   * Adds a value {@link BsonReader} made: already of a BSON type, its arrays unmodifiable, so it is
   * not checked and copied again.
   */
  void putRead(String name, Object value) {
    fields.put(name, value);
  }

  /** Whether a field of exactly this name is there. */
  boolean has(String name) {
    return fields.containsKey(name);
  }

  /** Adds a field whose value may be absent: absent is written as an explicit null. */
  public BsonDocument putOptional(String name, Optional<?> value) {
    return put(name, value.isPresent() ? value.get() : BsonNull.NULL);
  }

  public Map<String, Object> fields() {
    return Collections.unmodifiableMap(fields);
  }

  public List<String> names() {
    return List.copyOf(fields.keySet());
  }

  public int size() {
    return fields.size();
  }

  /** The value by exact name, else by case-insensitive name; empty when missing. */
  public Optional<Object> get(String name) {
    Object value = fields.get(name);
    if (value != null) {
      return Optional.of(value);
    }
    for (Map.Entry<String, Object> entry : fields.entrySet()) {
      if (entry.getKey().equalsIgnoreCase(name)) {
        return Optional.of(entry.getValue());
      }
    }
    return Optional.empty();
  }

  /** Missing and null both read as empty. */
  public Optional<Object> getNonNull(String name) {
    return get(name).filter(v -> v != BsonNull.NULL);
  }

  public Optional<String> string(String name) {
    return typed(name, String.class, "a string");
  }

  public String requiredString(String name) {
    return string(name).orElseThrow(() -> missing(name, "a string"));
  }

  public Optional<BsonDocument> document(String name) {
    return typed(name, BsonDocument.class, "an object");
  }

  public BsonDocument requiredDocument(String name) {
    return document(name).orElseThrow(() -> missing(name, "an object"));
  }

  /** An array; missing or null reads as empty. */
  public List<Object> array(String name) {
    Optional<Object> value = getNonNull(name);
    if (value.isEmpty()) {
      return List.of();
    }
    if (value.get() instanceof List<?> list) {
      return Collections.unmodifiableList(new ArrayList<>(list));
    }
    throw wrongType(name, "an array", value.get());
  }

  /** A whole number written as int32 or int64 (Json.NET reads either). */
  public Optional<Long> integer(String name) {
    Optional<Object> value = getNonNull(name);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (value.get() instanceof Integer i) {
      return Optional.of(i.longValue());
    }
    if (value.get() instanceof Long l) {
      return Optional.of(l);
    }
    throw wrongType(name, "a whole number", value.get());
  }

  public Optional<Boolean> bool(String name) {
    return typed(name, Boolean.class, "true or false");
  }

  public Optional<NetGuid> guid(String name) {
    Optional<Object> value = getNonNull(name);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (value.get() instanceof NetGuid guid) {
      return Optional.of(guid);
    }
    if (value.get() instanceof String text) {
      try {
        return Optional.of(NetGuid.parse(text));
      } catch (IllegalArgumentException e) {
        throw new BsonFormatException("Field '" + name + "' is not a Guid: '" + text + "'");
      }
    }
    if (value.get() instanceof BsonBinary binary && binary.data().length == NetGuid.BYTES) {
      return Optional.of(NetGuid.fromNetBytes(binary.data(), 0));
    }
    throw wrongType(name, "a Guid", value.get());
  }

  public Optional<Instant> instant(String name) {
    return typed(name, Instant.class, "a date");
  }

  private <T> Optional<T> typed(String name, Class<T> type, String description) {
    Optional<Object> value = getNonNull(name);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (type.isInstance(value.get())) {
      return Optional.of(type.cast(value.get()));
    }
    throw wrongType(name, description, value.get());
  }

  private static BsonFormatException missing(String name, String description) {
    return new BsonFormatException("Field '" + name + "' is missing; it must be " + description);
  }

  private static BsonFormatException wrongType(String name, String description, Object value) {
    return new BsonFormatException(
        "Field '" + name + "' must be " + description + ", not " + describe(value));
  }

  static String describe(Object value) {
    if (value instanceof BsonDocument) {
      return "an object";
    }
    if (value instanceof List) {
      return "an array";
    }
    if (value instanceof String) {
      return "a string";
    }
    return value.getClass().getSimpleName();
  }

  private static Object checked(Object value) {
    if (value == null) {
      return BsonNull.NULL;
    }
    if (value instanceof String
        || value instanceof Integer
        || value instanceof Long
        || value instanceof Double
        || value instanceof Boolean
        || value instanceof Instant
        || value instanceof NetGuid
        || value instanceof BsonBinary
        || value instanceof BsonDocument
        || value instanceof BsonNull) {
      return value;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (Object element : list) {
        copy.add(checked(element));
      }
      return Collections.unmodifiableList(copy);
    }
    throw new IllegalArgumentException(
        "A " + value.getClass().getName() + " cannot be written as BSON");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BsonDocument that && fields.equals(that.fields);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  /** Field values whose name mentions a password are masked, so a logged document leaks none. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("{");
    for (Map.Entry<String, Object> entry : fields.entrySet()) {
      if (out.length() > 1) {
        out.append(", ");
      }
      boolean secret = entry.getKey().toLowerCase(java.util.Locale.ROOT).contains("password");
      out.append(entry.getKey())
          .append('=')
          .append(secret && entry.getValue() != BsonNull.NULL ? "***" : entry.getValue());
    }
    return out.append('}').toString();
  }
}
