package dev.k8sagent.adapters.octopus.identity;

import dev.k8sagent.ports.out.AgentIdentity;
import dev.k8sagent.ports.out.AgentState;
import dev.k8sagent.ports.out.AgentStateStore;
import dev.k8sagent.ports.out.StateConflictException;
import dev.k8sagent.ports.out.StoredAgentState;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;

/**
 * The agent's identity across restarts: the stored one when there is one, else a new one, stored
 * before it is used so that two agent replicas starting together end up with the same certificate.
 */
public final class AgentIdentities {
  private static final System.Logger LOG = System.getLogger(AgentIdentities.class.getName());

  private final AgentStateStore store;
  private final Clock clock;
  private final SecureRandom random;

  public AgentIdentities(AgentStateStore store, Clock clock, SecureRandom random) {
    this.store = store;
    this.clock = clock;
    this.random = random;
  }

  /** Loads the stored identity, or creates and stores one named {@code commonName}. */
  public LoadedIdentity loadOrCreate(String commonName) {
    return loadOrCreate(commonName, Optional.empty());
  }

  /**
   * As above, but with {@code configured} (from {@code TentacleCertificateBase64}) the agent uses
   * that identity, stored in place of any other.
   */
  public LoadedIdentity loadOrCreate(String commonName, Optional<AgentIdentity> configured) {
    for (int attempt = 0; attempt < 5; attempt++) {
      Optional<StoredAgentState> stored = store.load();
      AgentState state = stored.map(StoredAgentState::state).orElse(AgentState.EMPTY);
      if (state.identity().isPresent()
          && (configured.isEmpty()
              || configured.get().thumbprint().equals(state.identity().get().thumbprint()))) {
        return AgentCertificates.load(state.identity().get());
      }
      AgentIdentity created =
          configured.orElseGet(() -> AgentCertificates.generate(commonName, clock, random));
      try {
        store.save(
            state.withIdentity(created),
            stored.map(StoredAgentState::revision).orElse(StoredAgentState.NEVER_SAVED));
        LOG.log(Level.INFO, "Created the agent certificate, thumbprint " + created.thumbprint());
        return AgentCertificates.load(created);
      } catch (StateConflictException e) {
        LOG.log(Level.DEBUG, "Another writer saved the agent state first; reading it again");
      }
    }
    throw new IllegalStateException(
        "The agent state kept changing while the agent certificate was being stored");
  }

  /**
   * The polling subscription id: {@code configured} ({@code ServerSubscriptionId}) when given, else
   * the stored one, else a new random one, stored so it never changes.
   */
  public dev.k8sagent.domain.target.SubscriptionId subscription(
      Optional<dev.k8sagent.domain.target.SubscriptionId> configured) {
    for (int attempt = 0; attempt < 5; attempt++) {
      Optional<StoredAgentState> stored = store.load();
      AgentState state = stored.map(StoredAgentState::state).orElse(AgentState.EMPTY);
      if (state.subscriptionId().isPresent()
          && (configured.isEmpty() || configured.equals(state.subscriptionId()))) {
        return state.subscriptionId().get();
      }
      dev.k8sagent.domain.target.SubscriptionId chosen =
          configured.orElseGet(() -> dev.k8sagent.domain.target.SubscriptionId.generate(random));
      try {
        store.save(
            state.withSubscriptionId(chosen),
            stored.map(StoredAgentState::revision).orElse(StoredAgentState.NEVER_SAVED));
        return chosen;
      } catch (StateConflictException e) {
        LOG.log(Level.DEBUG, "Another writer saved the agent state first; reading it again");
      }
    }
    throw new IllegalStateException(
        "The agent state kept changing while the subscription id was being stored");
  }
}
