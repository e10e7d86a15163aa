package dev.k8sagent.adapters.octopus.identity;

import dev.k8sagent.domain.target.SubscriptionId;
import dev.k8sagent.ports.out.AgentIdentity;
import dev.k8sagent.ports.out.AgentState;
import dev.k8sagent.ports.out.AgentStateStore;
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
    AgentState state = store.update(current -> withIdentity(current, commonName, configured));
    return AgentCertificates.load(state.identity().orElseThrow());
  }

  /**
   * The polling subscription id: {@code configured} ({@code ServerSubscriptionId}) when given, else
   * the stored one, else a new random one, stored so it never changes.
   */
  public SubscriptionId subscription(Optional<SubscriptionId> configured) {
    return store
        .update(current -> withSubscription(current, configured))
        .subscriptionId()
        .orElseThrow();
  }

  /** The identity and subscription a start settled, and the state they were settled in. */
  public record Settled(LoadedIdentity identity, SubscriptionId subscription, AgentState state) {}

  /**
   * {@link #loadOrCreate(String, Optional)} and {@link #subscription(Optional)} in one read of the
   * store and at most one write, so a restart reads the agent's state once, not twice.
   */
  public Settled settle(
      String commonName,
      Optional<AgentIdentity> configured,
      Optional<SubscriptionId> configuredSubscription) {
    AgentState state =
        store.update(
            current ->
                withSubscription(
                    withIdentity(current, commonName, configured), configuredSubscription));
    return new Settled(
        AgentCertificates.load(state.identity().orElseThrow()),
        state.subscriptionId().orElseThrow(),
        state);
  }

  private AgentState withIdentity(
      AgentState current, String commonName, Optional<AgentIdentity> configured) {
    boolean keep =
        current.identity().isPresent()
            && (configured.isEmpty()
                || configured.get().thumbprint().equals(current.identity().get().thumbprint()));
    if (keep) {
      return current;
    }
    AgentIdentity created =
        configured.orElseGet(() -> AgentCertificates.generate(commonName, clock, random));
    LOG.log(Level.INFO, "Storing the agent certificate, thumbprint " + created.thumbprint());
    return current.withIdentity(created);
  }

  private AgentState withSubscription(AgentState current, Optional<SubscriptionId> configured) {
    return current.subscriptionId().isPresent()
            && (configured.isEmpty() || configured.equals(current.subscriptionId()))
        ? current
        : current.withSubscriptionId(configured.orElseGet(() -> SubscriptionId.generate(random)));
  }
}
