package dev.k8sagent.adapters.k8s;

import dev.k8sagent.domain.target.SubscriptionId;
import dev.k8sagent.domain.target.Thumbprint;
import dev.k8sagent.ports.out.AgentIdentity;
import dev.k8sagent.ports.out.AgentState;
import dev.k8sagent.ports.out.AgentStateStore;
import dev.k8sagent.ports.out.StateConflictException;
import dev.k8sagent.ports.out.StoredAgentState;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@link AgentStateStore} on one Kubernetes Secret in the agent's namespace. Our revision lives in
 * an annotation; the Secret's {@code resourceVersion} makes the API server refuse a replace when
 * someone saved in between. Errors name the Secret, never its contents.
 */
public final class SecretAgentStateStore implements AgentStateStore {
  static final String REVISION = "agent.k8sagent.dev/state-revision";
  static final String CERTIFICATE = "certificate.pem";
  static final String PRIVATE_KEY = "private-key.pem";
  static final String THUMBPRINT = "thumbprint";
  static final String SUBSCRIPTION = "subscription-id";
  static final String TRUSTED = "trusted-server-thumbprints";
  static final String MACHINE = "machine-id";

  private final CoreV1Api api;
  private final ApiCalls calls;
  private final String namespace;
  private final String name;

  public SecretAgentStateStore(ApiClient client, ApiCalls calls, String namespace, String name) {
    this.api = new CoreV1Api(client);
    this.calls = calls;
    this.namespace = namespace;
    this.name = name;
  }

  @Override
  public Optional<StoredAgentState> load() {
    return read().map(secret -> new StoredAgentState(state(secret), revision(secret)));
  }

  @Override
  public StoredAgentState save(AgentState state, long expectedRevision) {
    Optional<V1Secret> current = read();
    long actual = current.map(SecretAgentStateStore::revision).orElse(StoredAgentState.NEVER_SAVED);
    if (actual != expectedRevision) {
      throw new StateConflictException(expectedRevision, actual);
    }
    long next = actual + 1;
    V1Secret secret =
        new V1Secret()
            .apiVersion("v1")
            .kind("Secret")
            .type("Opaque")
            .metadata(
                new V1ObjectMeta()
                    .name(name)
                    .namespace(namespace)
                    .resourceVersion(
                        current.map(s -> s.getMetadata().getResourceVersion()).orElse(null))
                    .annotations(Map.of(REVISION, Long.toString(next))))
            .data(data(state));
    try {
      if (current.isEmpty()) {
        calls.call(
            "Creating Secret " + name,
            () -> api.createNamespacedSecret(namespace, secret).execute());
      } else {
        calls.call(
            "Replacing Secret " + name,
            () -> api.replaceNamespacedSecret(name, namespace, secret).execute());
      }
    } catch (ApiException e) {
      if (e.getCode() == 409) {
        throw new StateConflictException(
            expectedRevision, read().map(SecretAgentStateStore::revision).orElse(actual));
      }
      throw failure("save the agent state to", e);
    }
    return new StoredAgentState(state, next);
  }

  private Optional<V1Secret> read() {
    try {
      return Optional.of(
          calls.call(
              "Reading Secret " + name, () -> api.readNamespacedSecret(name, namespace).execute()));
    } catch (ApiException e) {
      if (e.getCode() == 404) {
        return Optional.empty();
      }
      throw failure("read the agent state from", e);
    }
  }

  private IllegalStateException failure(String what, ApiException e) {
    return new IllegalStateException(
        "Cannot "
            + what
            + " Secret "
            + namespace
            + "/"
            + name
            + " ("
            + ApiCalls.describe(e)
            + (e.getCode() == 403 ? ": the agent's service account may not manage Secrets" : "")
            + ")");
  }

  private static long revision(V1Secret secret) {
    Map<String, String> annotations = secret.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(REVISION);
    try {
      return value == null ? 1 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalStateException(
          "Secret " + secret.getMetadata().getName() + " has a revision that is not a number");
    }
  }

  private static Map<String, byte[]> data(AgentState state) {
    Map<String, byte[]> data = new LinkedHashMap<>();
    state
        .identity()
        .ifPresent(
            identity -> {
              data.put(CERTIFICATE, bytes(identity.certificatePem()));
              data.put(PRIVATE_KEY, bytes(identity.privateKeyPem()));
              data.put(THUMBPRINT, bytes(identity.thumbprint().hex()));
            });
    state.subscriptionId().ifPresent(id -> data.put(SUBSCRIPTION, bytes(id.uri())));
    if (!state.trustedServers().isEmpty()) {
      data.put(
          TRUSTED,
          bytes(
              state.trustedServers().stream()
                  .map(Thumbprint::hex)
                  .sorted()
                  .collect(Collectors.joining(","))));
    }
    state.machineId().ifPresent(id -> data.put(MACHINE, bytes(id)));
    return data;
  }

  private static AgentState state(V1Secret secret) {
    Map<String, byte[]> data = secret.getData() == null ? Map.of() : secret.getData();
    Optional<AgentIdentity> identity =
        text(data, CERTIFICATE)
            .map(
                certificate ->
                    new AgentIdentity(
                        certificate,
                        text(data, PRIVATE_KEY).orElse(""),
                        new Thumbprint(text(data, THUMBPRINT).orElse(""))));
    Set<Thumbprint> trusted =
        text(data, TRUSTED)
            .map(
                list ->
                    Arrays.stream(list.split(","))
                        .filter(s -> !s.isBlank())
                        .map(Thumbprint::new)
                        .collect(Collectors.toSet()))
            .orElse(Set.of());
    return new AgentState(
        identity, text(data, SUBSCRIPTION).map(SubscriptionId::new), trusted, text(data, MACHINE));
  }

  private static Optional<String> text(Map<String, byte[]> data, String key) {
    byte[] value = data.get(key);
    return value == null
        ? Optional.empty()
        : Optional.of(new String(value, StandardCharsets.UTF_8));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "SecretAgentStateStore[" + namespace + "/" + name + "]";
  }
}
