package dev.k8sagent.bootstrap.health;

import java.util.Map;
import java.util.Set;

/**
 * The {@code service} and {@code method} labels of a request: the services and methods the agent
 * answers keep their names; anything else the server sends is {@code other}, so a hostile or buggy
 * server cannot make series without end.
 */
public final class RequestLabels {
  /** What the label value is for names outside the known set. */
  public static final String OTHER = "other";

  private static final Set<String> SCRIPT_METHODS =
      Set.of("StartScript", "GetStatus", "CancelScript", "CompleteScript");

  private static final Map<String, Set<String>> KNOWN =
      Map.of(
          "IKubernetesScriptServiceV1",
          SCRIPT_METHODS,
          "IScriptServiceV2",
          SCRIPT_METHODS,
          "IFileTransferService",
          Set.of("UploadFile", "DownloadFile"),
          "ICapabilitiesServiceV2",
          Set.of("GetCapabilities"));

  private RequestLabels() {}

  /** {@code service} and {@code method} label values for a {@code Service.Method} key. */
  public static String[] of(String serviceDotMethod) {
    int dot = serviceDotMethod.lastIndexOf('.');
    String service = dot < 0 ? serviceDotMethod : serviceDotMethod.substring(0, dot);
    String method = dot < 0 ? "" : serviceDotMethod.substring(dot + 1);
    Set<String> methods = KNOWN.get(service);
    if (methods == null) {
      return new String[] {OTHER, OTHER};
    }
    return new String[] {service, methods.contains(method) ? method : OTHER};
  }
}
