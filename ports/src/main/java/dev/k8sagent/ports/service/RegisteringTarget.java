package dev.k8sagent.ports.service;

import dev.k8sagent.domain.target.MachinePolicyName;
import dev.k8sagent.domain.target.TargetDefinition;
import dev.k8sagent.domain.target.Thumbprint;
import dev.k8sagent.domain.text.CloseMatches;
import dev.k8sagent.domain.version.OctopusServerVersion;
import dev.k8sagent.domain.version.SemanticVersion;
import dev.k8sagent.domain.version.ServerCompatibility;
import dev.k8sagent.ports.in.RegisterTarget;
import dev.k8sagent.ports.in.RegistrationOutcome;
import dev.k8sagent.ports.in.TargetRegistration;
import dev.k8sagent.ports.out.AgentState;
import dev.k8sagent.ports.out.AgentStateStore;
import dev.k8sagent.ports.out.MachineRegistration;
import dev.k8sagent.ports.out.NamedResource;
import dev.k8sagent.ports.out.OctopusServerApi;
import dev.k8sagent.ports.out.ResourceKind;
import dev.k8sagent.ports.out.StoredAgentState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Registers the agent once. Every name (space, environments, tenants, tenant tags, machine policy)
 * is resolved to an id first, and every name that does not exist is reported in one refusal with
 * the closest names the server has, so one fix-and-retry is enough. A target with the same name is
 * never duplicated: registration stops and says so. Afterwards the machine id and the server's
 * thumbprint are saved, so a restarted agent neither registers again nor trusts anyone else.
 */
public final class RegisteringTarget implements TargetRegistration {
  private final OctopusServerApi server;
  private final AgentStateStore state;
  private final ServerCompatibility compatibility;
  private final SemanticVersion agentVersion;

  public RegisteringTarget(
      OctopusServerApi server,
      AgentStateStore state,
      ServerCompatibility compatibility,
      SemanticVersion agentVersion) {
    this.server = server;
    this.state = state;
    this.compatibility = compatibility;
    this.agentVersion = agentVersion;
  }

  @Override
  public RegistrationOutcome register(RegisterTarget command) {
    StoredAgentState stored =
        state
            .load()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "The agent's certificate and subscription id must exist before it"
                            + " registers"));
    AgentState current = stored.state();
    if (current.machineId().isPresent()) {
      return new RegistrationOutcome.AlreadyRegistered(current.machineId().get());
    }
    if (current.identity().isEmpty() || current.subscriptionId().isEmpty()) {
      throw new IllegalStateException(
          "The agent's certificate and subscription id must exist before it registers");
    }
    OctopusServerVersion version = server.serverVersion();
    if (compatibility.check(agentVersion, version)
        instanceof ServerCompatibility.Verdict.ServerTooOld tooOld) {
      return new RegistrationOutcome.Refused(tooOld.message());
    }
    TargetDefinition target = command.target();
    List<String> problems = new ArrayList<>();
    Optional<NamedResource> space =
        resolve("Space", List.of(target.space()), server.spaces(), problems).stream().findFirst();
    if (space.isEmpty()) {
      return new RegistrationOutcome.Refused(String.join("; ", problems));
    }
    String spaceId = space.get().id();
    List<NamedResource> environments =
        resolve(
            "TargetEnvironment",
            target.environments().names(),
            server.list(ResourceKind.ENVIRONMENT, spaceId),
            problems);
    List<NamedResource> tenants =
        target.tenancy().tenants().isEmpty()
            ? List.of()
            : resolve(
                "TargetTenant",
                target.tenancy().tenants(),
                server.list(ResourceKind.TENANT, spaceId),
                problems);
    List<NamedResource> tenantTags =
        target.tenancy().tenantTags().isEmpty()
            ? List.of()
            : resolve(
                "TargetTenantTag",
                target.tenancy().tenantTags(),
                server.list(ResourceKind.TENANT_TAG, spaceId),
                problems);
    Optional<NamedResource> policy =
        target.machinePolicy().isEmpty()
            ? Optional.empty()
            : resolve(
                    "MachinePolicy",
                    target.machinePolicy().map(MachinePolicyName::value).stream().toList(),
                    server.list(ResourceKind.MACHINE_POLICY, spaceId),
                    problems)
                .stream()
                .findFirst();
    if (!problems.isEmpty()) {
      return new RegistrationOutcome.Refused(String.join("; ", problems));
    }
    String name = target.name().displayName();
    Optional<NamedResource> clash = server.findMachine(spaceId, name);
    if (clash.isPresent()) {
      return new RegistrationOutcome.Refused(
          "A deployment target named '"
              + name
              + "' already exists in space '"
              + space.get().name()
              + "' ("
              + clash.get().id()
              + "): delete it in Octopus or choose another TargetName; this agent does not take"
              + " over a target registered with another certificate");
    }
    NamedResource machine =
        server.registerMachine(
            spaceId,
            new MachineRegistration(
                name,
                environments.stream().map(NamedResource::id).toList(),
                target.targetTags().names(),
                tenants.stream().map(NamedResource::id).toList(),
                tenantTags.stream().map(NamedResource::id).toList(),
                target.tenancy().participation(),
                policy.map(NamedResource::id),
                current.identity().get().thumbprint(),
                current.subscriptionId().get(),
                target.defaultNamespace()));
    Thumbprint serverThumbprint = server.serverThumbprint();
    state.update(latest -> latest.registeredAs(machine.id()).trusting(serverThumbprint));
    return new RegistrationOutcome.Registered(machine.id(), serverThumbprint);
  }

  /**
   * The resources named by {@code wanted} (by name or id, ignoring case); each missing name adds a
   * problem naming the setting, the name and the closest names there are.
   */
  static List<NamedResource> resolve(
      String setting, List<String> wanted, List<NamedResource> available, List<String> problems) {
    List<NamedResource> found = new ArrayList<>();
    for (String name : wanted) {
      Optional<NamedResource> match =
          available.stream()
              .filter(r -> r.name().equalsIgnoreCase(name) || r.id().equalsIgnoreCase(name))
              .findFirst();
      if (match.isPresent()) {
        found.add(match.get());
      } else {
        problems.add(
            setting
                + ": '"
                + name
                + "' does not exist on the server"
                + CloseMatches.didYouMean(
                    name, available.stream().map(NamedResource::name).toList()));
      }
    }
    return found;
  }
}
