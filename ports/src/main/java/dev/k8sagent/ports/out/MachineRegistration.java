package dev.k8sagent.ports.out;

import dev.k8sagent.domain.Require;
import dev.k8sagent.domain.target.DnsLabel;
import dev.k8sagent.domain.target.SubscriptionId;
import dev.k8sagent.domain.target.Thumbprint;
import dev.k8sagent.domain.tenancy.TenantedDeploymentParticipation;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Kubernetes agent deployment target as the server stores it, with every name already resolved to
 * an id: polling endpoint (subscription id and the agent's thumbprint), environments, target tags,
 * tenancy, machine policy and default namespace.
 */
public record MachineRegistration(
    String name,
    List<String> environmentIds,
    List<String> roles,
    List<String> tenantIds,
    List<String> tenantTags,
    TenantedDeploymentParticipation participation,
    Optional<String> machinePolicyId,
    Thumbprint agentThumbprint,
    SubscriptionId subscriptionId,
    Optional<DnsLabel> defaultNamespace) {
  public MachineRegistration {
    Require.nonBlank(name, "name");
    environmentIds = List.copyOf(environmentIds);
    roles = List.copyOf(roles);
    tenantIds = List.copyOf(tenantIds);
    tenantTags = List.copyOf(tenantTags);
    Objects.requireNonNull(participation, "participation");
    Objects.requireNonNull(machinePolicyId, "machinePolicyId");
    Objects.requireNonNull(agentThumbprint, "agentThumbprint");
    Objects.requireNonNull(subscriptionId, "subscriptionId");
    Objects.requireNonNull(defaultNamespace, "defaultNamespace");
    if (environmentIds.isEmpty() || roles.isEmpty()) {
      throw new IllegalArgumentException("a target needs at least one environment and one role");
    }
  }
}
