package dev.k8sagent.adapters.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k8sagent.adapters.k8s.fake.FakeApiServer;
import dev.k8sagent.domain.target.SubscriptionId;
import dev.k8sagent.ports.out.AgentState;
import dev.k8sagent.ports.out.AgentStateStore;
import dev.k8sagent.ports.out.StoredAgentState;
import dev.k8sagent.ports.out.contract.AgentStateStoreContract;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Secret;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SecretAgentStateStoreTest extends AgentStateStoreContract {
  private final FakeApiServer server = FakeApiServer.started();

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Override
  protected AgentStateStore store() {
    return new SecretAgentStateStore(
        server.client(), new ApiCalls(3, Duration.ofMillis(10)), "octopus-agent", "agent-state");
  }

  @Test
  void the_state_lives_in_one_secret_with_readable_keys() throws Exception {
    store()
        .save(
            AgentState.EMPTY.withSubscriptionId(new SubscriptionId("poll://abcdefghij0123456789/")),
            StoredAgentState.NEVER_SAVED);
    V1Secret secret =
        new CoreV1Api(server.client())
            .readNamespacedSecret("agent-state", "octopus-agent")
            .execute();
    assertThat(new String(secret.getData().get("subscription-id")))
        .isEqualTo("poll://abcdefghij0123456789/");
    assertThat(secret.getMetadata().getAnnotations())
        .containsEntry("agent.k8sagent.dev/state-revision", "1");
  }

  @Test
  void a_refused_read_names_the_secret_and_the_likely_cause_but_no_content() {
    server.failNext("GET secrets", 1, 403);
    assertThatThrownBy(() -> store().load())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("octopus-agent/agent-state")
        .hasMessageContaining("may not manage Secrets");
  }
}
