package dev.k8sagent.ports.out;

import dev.k8sagent.domain.target.SubscriptionId;
import dev.k8sagent.domain.target.Thumbprint;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the agent remembers: its identity (certificate and key), its polling subscription id, the
 * server thumbprints it trusts, and the machine id it registered as (present = registered).
 */
public record AgentState(
    Optional<AgentIdentity> identity,
    Optional<SubscriptionId> subscriptionId,
    Set<Thumbprint> trustedServers,
    Optional<String> machineId) {

  public static final AgentState EMPTY =
      new AgentState(Optional.empty(), Optional.empty(), Set.of(), Optional.empty());

  public AgentState {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(subscriptionId, "subscriptionId");
    trustedServers = Set.copyOf(trustedServers);
    Objects.requireNonNull(machineId, "machineId");
  }

  public boolean isRegistered() {
    return machineId.isPresent();
  }

  public AgentState withIdentity(AgentIdentity value) {
    return new AgentState(Optional.of(value), subscriptionId, trustedServers, machineId);
  }

  public AgentState withSubscriptionId(SubscriptionId value) {
    return new AgentState(identity, Optional.of(value), trustedServers, machineId);
  }

  public AgentState trusting(Thumbprint server) {
    Set<Thumbprint> servers = new java.util.HashSet<>(trustedServers);
    servers.add(server);
    return new AgentState(identity, subscriptionId, servers, machineId);
  }

  public AgentState registeredAs(String value) {
    return new AgentState(identity, subscriptionId, trustedServers, Optional.of(value));
  }
}
