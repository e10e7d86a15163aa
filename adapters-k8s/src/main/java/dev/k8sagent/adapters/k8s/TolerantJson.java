package dev.k8sagent.adapters.k8s;

import com.google.gson.Gson;
import com.google.gson.TypeAdapter;
import io.kubernetes.client.openapi.JSON;
import java.lang.reflect.Field;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Date;
import java.util.Optional;

/**
 * Makes client-java read API responses the way the API server's own clients do: a field the model
 * marks required but the response leaves out is read as absent, and a field the model does not know
 * is skipped. client-java's generated models refuse both (a deleted pod whose container status
 * lacks {@code imageID}, as virtual kubelets send, or a field a newer API server added), which made
 * a delete that had succeeded look failed. The agent checks the few fields it uses itself.
 *
 * <p>client-java keeps one JSON reader for the whole process, so this is installed once for every
 * client; dates, byte arrays, quantities and int-or-string values are read exactly as before.
 *
 * <p>The date and byte adapters are client-java's own instances, taken from {@link JSON}'s fields.
 * Asking the validating reader for them instead ({@code getAdapter(Date.class)}) consults its type
 * adapter factory for each of the ~770 models first, and each one loads its model class: about
 * 1,700 classes, a third of a second of a start and several MB of class metadata for nothing.
 */
public final class TolerantJson {
  /** client-java's own validating reader, captured before the tolerant one replaces it. */
  private static final Gson STRICT = JSON.getGson();

  private static boolean installed;

  private TolerantJson() {}

  /**
   * client-java's validating reader, for what an operator writes (a pod's affinity or security
   * context JSON): there a field the model does not know is a typo to report, not a server's
   * addition to skip.
   */
  public static Gson strict() {
    return STRICT;
  }

  /** Replaces client-java's validating reader with the tolerant one; repeated calls do nothing. */
  public static synchronized void install() {
    if (installed) {
      return;
    }
    JSON.setGson(
        JSON.createGson()
            .registerTypeAdapter(Date.class, clientJavas("dateTypeAdapter", Date.class))
            .registerTypeAdapter(
                OffsetDateTime.class,
                clientJavas("offsetDateTimeTypeAdapter", OffsetDateTime.class))
            .registerTypeAdapter(
                LocalDate.class, clientJavas("localDateTypeAdapter", LocalDate.class))
            .registerTypeAdapter(byte[].class, clientJavas("byteArrayAdapter", byte[].class))
            .create());
    installed = true;
  }

  /**
   * The adapter {@link JSON} keeps in its static {@code field}; should a client-java version name
   * it differently, the validating reader's adapter for {@code type} (the same one, found slowly).
   */
  private static TypeAdapter<?> clientJavas(String field, Class<?> type) {
    return fromField(field).orElseGet(() -> STRICT.getAdapter(type));
  }

  /** The adapter in {@link JSON}'s static {@code field}, if it has one by that name. */
  static Optional<TypeAdapter<?>> fromField(String field) {
    try {
      Field declared = JSON.class.getDeclaredField(field);
      declared.setAccessible(true);
      return declared.get(null) instanceof TypeAdapter<?> adapter
          ? Optional.of(adapter)
          : Optional.empty();
    } catch (ReflectiveOperationException | RuntimeException renamed) {
      return Optional.empty();
    }
  }
}
