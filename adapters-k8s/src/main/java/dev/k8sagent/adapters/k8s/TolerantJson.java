package dev.k8sagent.adapters.k8s;

import com.google.gson.Gson;
import io.kubernetes.client.openapi.JSON;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Date;

/**
 * Makes client-java read API responses the way the API server's own clients do: a field the model
 * marks required but the response leaves out is read as absent, and a field the model does not know
 * is skipped. client-java's generated models refuse both (a deleted pod whose container status
 * lacks {@code imageID}, as virtual kubelets send, or a field a newer API server added), which made
 * a delete that had succeeded look failed. The agent checks the few fields it uses itself.
 *
 * <p>client-java keeps one JSON reader for the whole process, so this is installed once for every
 * client; dates, byte arrays, quantities and int-or-string values are read exactly as before.
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
    Gson strict = STRICT;
    JSON.setGson(
        JSON.createGson()
            .registerTypeAdapter(Date.class, strict.getAdapter(Date.class))
            .registerTypeAdapter(OffsetDateTime.class, strict.getAdapter(OffsetDateTime.class))
            .registerTypeAdapter(LocalDate.class, strict.getAdapter(LocalDate.class))
            .registerTypeAdapter(byte[].class, strict.getAdapter(byte[].class))
            .create());
    installed = true;
  }
}
