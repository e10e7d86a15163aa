package dev.k8sagent.adapters.octopus.halibut.message;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The {@code $type} names on the wire, as {@code "<Namespace>.<Type>, <Assembly>"}, and the
 * allow-list: a name not listed here is refused, never looked up. Types Tentacle inherited from its
 * pre-3.x contracts are written with their legacy name ({@code Octopus.Shared.Contracts.…,
 * Octopus.Shared}) and accepted under either name.
 */
public final class TypeNames {
  public static final String REQUEST = "Halibut.Transport.Protocol.RequestMessage, Halibut";
  public static final String RESPONSE = "Halibut.Transport.Protocol.ResponseMessage, Halibut";
  public static final String DATA_STREAM = "Halibut.DataStream, Halibut";

  private static final String CONTRACTS = "Octopus.Tentacle.Contracts";
  private static final String KUBERNETES = CONTRACTS + ".KubernetesScriptServiceV1.";
  private static final String SCRIPT_V2 = CONTRACTS + ".ScriptServiceV2.";
  private static final String LEGACY_NAMESPACE = "Octopus.Shared.Contracts.";
  private static final String LEGACY_ASSEMBLY = ", Octopus.Shared";

  private static final Set<String> LEGACY_TYPES =
      Set.of(
          "UploadResult",
          "ScriptTicket",
          "StartScriptCommand",
          "ScriptStatusRequest",
          "ScriptStatusResponse",
          "CancelScriptCommand",
          "CompleteScriptCommand",
          "ScriptFile",
          "ScriptIsolationLevel",
          "ScriptType");

  private static final Map<String, String> CURRENT =
      Stream.of(
              Map.entry("RequestMessage", REQUEST),
              Map.entry("ResponseMessage", RESPONSE),
              Map.entry("DataStream", DATA_STREAM),
              Map.entry(
                  "CapabilitiesResponseV2",
                  CONTRACTS + ".Capabilities.CapabilitiesResponseV2, " + CONTRACTS),
              kubernetes("StartKubernetesScriptCommandV1"),
              kubernetes("KubernetesScriptStatusRequestV1"),
              kubernetes("CancelKubernetesScriptCommandV1"),
              kubernetes("CompleteKubernetesScriptCommandV1"),
              kubernetes("KubernetesScriptStatusResponseV1"),
              scriptV2("StartScriptCommandV2"),
              scriptV2("ScriptStatusRequestV2"),
              scriptV2("CancelScriptCommandV2"),
              scriptV2("CompleteScriptCommandV2"),
              scriptV2("ScriptStatusResponseV2"),
              Map.entry("UploadResult", CONTRACTS + ".UploadResult, " + CONTRACTS),
              Map.entry("ScriptTicket", CONTRACTS + ".ScriptTicket, " + CONTRACTS))
          .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

  private static final Map<String, String> BY_WIRE_NAME =
      Stream.concat(
              CURRENT.entrySet().stream().map(e -> Map.entry(e.getValue(), e.getKey())),
              LEGACY_TYPES.stream()
                  .map(name -> Map.entry(LEGACY_NAMESPACE + name + LEGACY_ASSEMBLY, name)))
          .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

  private TypeNames() {}

  private static Map.Entry<String, String> kubernetes(String name) {
    return Map.entry(name, KUBERNETES + name + ", " + CONTRACTS);
  }

  private static Map.Entry<String, String> scriptV2(String name) {
    return Map.entry(name, SCRIPT_V2 + name + ", " + CONTRACTS);
  }

  /** The name to write for a type: its legacy name when it has one. */
  public static String wireName(String simpleName) {
    if (LEGACY_TYPES.contains(simpleName)) {
      return LEGACY_NAMESPACE + simpleName + LEGACY_ASSEMBLY;
    }
    String name = CURRENT.get(simpleName);
    if (name == null) {
      throw new IllegalArgumentException("No wire name is known for the type " + simpleName);
    }
    return name;
  }

  /** The simple type name for a name read off the wire, when it is on the allow-list. */
  public static Optional<String> simpleName(String wireName) {
    String exact = BY_WIRE_NAME.get(wireName);
    if (exact != null) {
      return Optional.of(exact);
    }
    // Json.NET writes simple assembly names, but tolerate version/culture details after them.
    int comma = wireName.indexOf(',');
    if (comma > 0) {
      int second = wireName.indexOf(',', comma + 1);
      if (second > 0) {
        return Optional.ofNullable(BY_WIRE_NAME.get(wireName.substring(0, second).trim()));
      }
    }
    return Optional.empty();
  }
}
