package dev.k8sagent.ports.out.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k8sagent.domain.target.SubscriptionId;
import dev.k8sagent.domain.target.Thumbprint;
import dev.k8sagent.ports.out.AgentIdentity;
import dev.k8sagent.ports.out.AgentState;
import dev.k8sagent.ports.out.AgentStateStore;
import dev.k8sagent.ports.out.StateConflictException;
import dev.k8sagent.ports.out.StoredAgentState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link AgentStateStore} must do; {@link #store()} must start empty. */
public abstract class AgentStateStoreContract {

  private static final AgentIdentity IDENTITY =
      new AgentIdentity(
          "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
          "-----BEGIN PRIVATE KEY-----\nsecret-key-material\n-----END PRIVATE KEY-----\n",
          new Thumbprint("A".repeat(40)));
  private static final AgentState STATE =
      AgentState.EMPTY
          .withIdentity(IDENTITY)
          .withSubscriptionId(new SubscriptionId("poll://abcdefghij0123456789/"))
          .trusting(new Thumbprint("B".repeat(40)));

  private AgentStateStore store;

  protected abstract AgentStateStore store();

  @BeforeEach
  void setUp() {
    store = store();
  }

  @Test
  void nothing_is_stored_at_first() {
    assertThat(store.load()).isEmpty();
  }

  @Test
  void a_saved_state_loads_back_equal() {
    StoredAgentState saved = store.save(STATE, StoredAgentState.NEVER_SAVED);

    assertThat(store.load()).contains(saved);
    assertThat(saved.state()).isEqualTo(STATE);
    assertThat(saved.revision()).isGreaterThan(StoredAgentState.NEVER_SAVED);
  }

  @Test
  void each_save_moves_the_revision_forward() {
    StoredAgentState first = store.save(STATE, StoredAgentState.NEVER_SAVED);
    StoredAgentState second = store.save(STATE.registeredAs("Machines-7"), first.revision());

    assertThat(second.revision()).isGreaterThan(first.revision());
    assertThat(store.load().orElseThrow().state().machineId()).contains("Machines-7");
    assertThat(store.load().orElseThrow().state().isRegistered()).isTrue();
  }

  @Test
  void a_save_from_a_stale_revision_is_refused_and_changes_nothing() {
    StoredAgentState first = store.save(STATE, StoredAgentState.NEVER_SAVED);
    store.save(STATE.registeredAs("Machines-1"), first.revision());

    assertThatThrownBy(() -> store.save(STATE.registeredAs("Machines-2"), first.revision()))
        .isInstanceOf(StateConflictException.class);
    assertThat(store.load().orElseThrow().state().machineId()).contains("Machines-1");
  }

  @Test
  void a_first_save_is_refused_when_a_state_exists() {
    store.save(STATE, StoredAgentState.NEVER_SAVED);

    assertThatThrownBy(() -> store.save(AgentState.EMPTY, StoredAgentState.NEVER_SAVED))
        .isInstanceOf(StateConflictException.class);
  }

  @Test
  void an_update_applies_to_what_is_stored_and_saves_nothing_when_nothing_changes() {
    AgentState first = store.update(current -> STATE);
    long revision = store.load().orElseThrow().revision();

    AgentState same = store.update(current -> current);
    AgentState registered = store.update(current -> current.registeredAs("Machines-9"));

    assertThat(first).isEqualTo(STATE);
    assertThat(same).isEqualTo(STATE);
    assertThat(registered.machineId()).contains("Machines-9");
    assertThat(registered.subscriptionId()).isEqualTo(STATE.subscriptionId());
    assertThat(store.load().orElseThrow().revision()).isEqualTo(revision + 1);
  }

  @Test
  void the_private_key_never_shows_in_text() {
    StoredAgentState saved = store.save(STATE, StoredAgentState.NEVER_SAVED);

    assertThat(saved.toString()).doesNotContain("secret-key-material");
    assertThat(store.load().orElseThrow().toString()).doesNotContain("secret-key-material");
  }
}
