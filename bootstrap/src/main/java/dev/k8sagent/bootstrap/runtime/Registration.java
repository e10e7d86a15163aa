package dev.k8sagent.bootstrap.runtime;

import dev.k8sagent.adapters.octopus.halibut.polling.PollingSettings;
import dev.k8sagent.adapters.octopus.identity.AgentIdentities;
import dev.k8sagent.adapters.octopus.identity.LoadedIdentity;
import dev.k8sagent.adapters.octopus.identity.ServerAuthorities;
import dev.k8sagent.bootstrap.config.AgentSettings;
import dev.k8sagent.bootstrap.config.RegistrationSettings;
import dev.k8sagent.bootstrap.config.ServerPollingSettings;
import dev.k8sagent.domain.target.Thumbprint;
import dev.k8sagent.ports.in.RegisterTarget;
import dev.k8sagent.ports.in.RegistrationOutcome;
import dev.k8sagent.ports.out.AgentState;
import dev.k8sagent.ports.out.AgentStateStore;
import dev.k8sagent.ports.out.EventReason;
import dev.k8sagent.ports.out.StoredAgentState;
import dev.k8sagent.ports.service.RegisteringTarget;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The first step of every start: the agent's identity (generated once, then kept), its polling
 * subscription, and registration with the server unless it registered before. A {@code wss://}
 * address is pinned while registering, by the certificate it presents.
 */
final class Registration {
  private static final System.Logger LOG = System.getLogger(Registration.class.getName());
  private static final Duration PIN_TIMEOUT = Duration.ofSeconds(30);

  /** Who the agent is to the server, and which server certificates it trusts. */
  record Registered(LoadedIdentity identity, String subscription, Set<Thumbprint> trusted) {}

  private final RegistrationSettings settings;
  private final ServerPollingSettings polling;
  private final AgentStateStore store;
  private final AgentIdentities identities;
  private final Provider<RegisteringTarget> registering;
  private final AgentEvents events;
  private volatile Registered registered;

  @Inject
  Registration(
      AgentSettings settings,
      AgentStateStore store,
      AgentIdentities identities,
      Provider<RegisteringTarget> registering,
      AgentEvents events) {
    this.events = events;
    this.settings = settings.registration();
    this.polling = settings.polling();
    this.store = store;
    this.identities = identities;
    this.registering = registering;
  }

  void start() {
    AgentIdentities.Settled settled =
        identities.settle(
            settings.target().name().kubernetesName().value(),
            settings.configuredIdentity(),
            settings.fixedSubscription());
    AgentState state = settled.state();
    if (state.isRegistered()) {
      LOG.log(Level.INFO, "Registered before as " + state.machineId().get());
    } else {
      register();
      state = store.load().map(StoredAgentState::state).orElse(state);
    }
    registered =
        new Registered(settled.identity(), settled.subscription().uri(), state.trustedServers());
  }

  /** The identity and trust; only after {@link #start()}. */
  Registered registered() {
    return Optional.ofNullable(registered).orElseThrow();
  }

  boolean isRegistered() {
    return registered != null;
  }

  private void register() {
    if (settings.serverUrl().isEmpty() || settings.credential().isEmpty()) {
      throw new IllegalStateException(
          "This agent is not registered yet: set ServerUrl and BearerToken (or ServerApiKey) so it"
              + " can register");
    }
    RegistrationOutcome outcome = registering.get().register(new RegisterTarget(settings.target()));
    if (outcome instanceof RegistrationOutcome.Refused refused) {
      events.aboutAgent(
          EventReason.REGISTRATION_REFUSED,
          "The Octopus Server refused to register this agent: " + refused.reason());
      throw new IllegalStateException("Registration was refused: " + refused.reason());
    }
    pinWebSocketEndpoints();
    if (outcome instanceof RegistrationOutcome.Registered done) {
      events.aboutAgent(
          EventReason.REGISTERED,
          "Registered with the Octopus Server as "
              + settings.target().name()
              + " ("
              + done.machineId()
              + ")");
      LOG.log(
          Level.INFO,
          "Registered as "
              + done.machineId()
              + "; trusting server thumbprint "
              + done.serverThumbprint());
    }
  }

  /**
   * A {@code wss://} address presents the HTTPS certificate in front of the server, not the
   * server's own: learn its thumbprint now, verified, and trust it from then on, as Halibut does.
   */
  private void pinWebSocketEndpoints() {
    List<X509Certificate> authorities = ServerAuthorities.load(polling.certificateFile());
    for (URI address : polling.addresses()) {
      if (PollingSettings.isWebSocket(address)) {
        Thumbprint https = ServerAuthorities.presentedThumbprint(address, authorities, PIN_TIMEOUT);
        store.update(current -> current.trusting(https));
        LOG.log(Level.INFO, "Trusting " + address + " by its HTTPS certificate " + https);
      }
    }
  }
}
