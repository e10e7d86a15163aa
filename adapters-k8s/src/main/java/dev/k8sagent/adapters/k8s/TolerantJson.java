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
  private static boolean installed;

  private TolerantJson() {}

  /** Replaces client-java's validating reader with the tolerant one; repeated calls do nothing. */
  public static synchronized void install() {
    if (installed) {
      return;
    }
    Gson strict = JSON.getGson();
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
