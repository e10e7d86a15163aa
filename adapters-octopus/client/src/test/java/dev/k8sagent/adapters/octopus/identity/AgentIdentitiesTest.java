package dev.k8sagent.adapters.octopus.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k8sagent.domain.target.SubscriptionId;
import dev.k8sagent.ports.out.AgentState;
import dev.k8sagent.ports.out.AgentStateStore;
import dev.k8sagent.ports.out.StoredAgentState;
import dev.k8sagent.ports.out.twins.InMemoryAgentStateStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentIdentitiesTest {
  /** The in-memory store, counting the reads and writes a start makes of the agent's state. */
  private static final class CountingStore implements AgentStateStore {
    private final InMemoryAgentStateStore stored = new InMemoryAgentStateStore();
    int loads;
    int saves;

    @Override
    public Optional<StoredAgentState> load() {
      loads++;
      return stored.load();
    }

    @Override
    public StoredAgentState save(AgentState state, long expectedRevision) {
      saves++;
      return stored.save(state, expectedRevision);
    }
  }

  @Test
  void a_start_settles_identity_and_subscription_in_one_read_and_at_most_one_write() {
    CountingStore store = new CountingStore();
    AgentIdentities identities = new AgentIdentities(store, Clock.systemUTC(), new SecureRandom());

    AgentIdentities.Settled first = identities.settle("agent", Optional.empty(), Optional.empty());

    assertThat(store.loads).isEqualTo(1);
    assertThat(store.saves).isEqualTo(1);
    assertThat(first.state().identity()).isPresent();
    assertThat(first.state().subscriptionId()).contains(first.subscription());

    AgentIdentities.Settled restart =
        identities.settle("agent", Optional.empty(), Optional.empty());

    assertThat(store.loads).isEqualTo(2);
    assertThat(store.saves).isEqualTo(1);
    assertThat(restart.identity().thumbprint()).isEqualTo(first.identity().thumbprint());
    assertThat(restart.subscription()).isEqualTo(first.subscription());
    assertThat(identities.loadOrCreate("agent").thumbprint())
        .isEqualTo(first.identity().thumbprint());
    assertThat(identities.subscription(Optional.empty())).isEqualTo(first.subscription());
  }

  @Test
  void a_configured_subscription_replaces_the_stored_one_and_the_identity_stays() {
    CountingStore store = new CountingStore();
    AgentIdentities identities = new AgentIdentities(store, Clock.systemUTC(), new SecureRandom());
    AgentIdentities.Settled first = identities.settle("agent", Optional.empty(), Optional.empty());
    SubscriptionId fixed = new SubscriptionId("poll://abcdefghijklmnopqrst/");

    AgentIdentities.Settled again =
        identities.settle("agent", Optional.empty(), Optional.of(fixed));

    assertThat(again.subscription()).isEqualTo(fixed);
    assertThat(again.identity().thumbprint()).isEqualTo(first.identity().thumbprint());
    assertThat(store.saves).isEqualTo(2);
  }
}
