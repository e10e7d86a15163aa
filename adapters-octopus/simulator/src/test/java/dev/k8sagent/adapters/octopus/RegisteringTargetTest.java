package dev.k8sagent.adapters.octopus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k8sagent.domain.target.DnsLabel;
import dev.k8sagent.domain.target.MachinePolicyName;
import dev.k8sagent.domain.target.NameList;
import dev.k8sagent.domain.target.SubscriptionId;
import dev.k8sagent.domain.target.TargetDefinition;
import dev.k8sagent.domain.target.TargetName;
import dev.k8sagent.domain.target.Thumbprint;
import dev.k8sagent.domain.tenancy.Tenancy;
import dev.k8sagent.domain.tenancy.TenantedDeploymentParticipation;
import dev.k8sagent.domain.version.OctopusServerVersion;
import dev.k8sagent.domain.version.SemanticVersion;
import dev.k8sagent.domain.version.ServerCompatibility;
import dev.k8sagent.ports.in.RegisterTarget;
import dev.k8sagent.ports.in.RegistrationOutcome;
import dev.k8sagent.ports.out.AgentIdentity;
import dev.k8sagent.ports.out.AgentState;
import dev.k8sagent.ports.out.MachineRegistration;
import dev.k8sagent.ports.out.ResourceKind;
import dev.k8sagent.ports.out.StoredAgentState;
import dev.k8sagent.ports.out.twins.InMemoryAgentStateStore;
import dev.k8sagent.ports.service.RegisteringTarget;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegisteringTargetTest {
  private static final Thumbprint AGENT = new Thumbprint("A".repeat(40));
  private static final Thumbprint SERVER = new Thumbprint("B".repeat(40));
  private static final SubscriptionId SUBSCRIPTION =
      new SubscriptionId("poll://abcdefghij0123456789/");

  private final InMemoryOctopusServerApi server =
      new InMemoryOctopusServerApi(OctopusServerVersion.of(2025, 1, 100), SERVER);
  private final InMemoryAgentStateStore store = new InMemoryAgentStateStore();
  private final String space = server.addSpace("Default");
  private final String production = server.add(space, ResourceKind.ENVIRONMENT, "Production");
  private final String staging = server.add(space, ResourceKind.ENVIRONMENT, "Staging");
  private final String tenant = server.add(space, ResourceKind.TENANT, "Acme");
  private final String policy = server.add(space, ResourceKind.MACHINE_POLICY, "Kubernetes");
  private final RegisteringTarget registration =
      new RegisteringTarget(
          server, store, ServerCompatibility.DEFAULT, SemanticVersion.of(1, 0, 0));

  RegisteringTargetTest() {
    server.add(space, ResourceKind.TENANT_TAG, "Region/EU");
    store.save(
        AgentState.EMPTY
            .withIdentity(new AgentIdentity("cert", "key", AGENT))
            .withSubscriptionId(SUBSCRIPTION),
        StoredAgentState.NEVER_SAVED);
  }

  private static TargetDefinition target(String name, List<String> environments, Tenancy tenancy) {
    return new TargetDefinition(
        new TargetName(name),
        "default",
        new NameList(environments),
        new NameList(List.of("k8s", "web")),
        tenancy,
        Optional.of(new DnsLabel("apps")),
        Optional.of(new MachinePolicyName("kubernetes")));
  }

  @Test
  void names_are_resolved_to_ids_and_the_server_thumbprint_is_kept() {
    RegistrationOutcome outcome =
        registration.register(
            new RegisterTarget(
                target(
                    "prod-cluster",
                    List.of("production", "Staging"),
                    new Tenancy(
                        TenantedDeploymentParticipation.TENANTED_OR_UNTENANTED,
                        List.of("Acme"),
                        List.of("Region/EU")))));

    RegistrationOutcome.Registered registered = (RegistrationOutcome.Registered) outcome;
    assertThat(registered.serverThumbprint()).isEqualTo(SERVER);
    MachineRegistration sent = server.registration(registered.machineId()).orElseThrow();
    assertThat(sent.environmentIds()).containsExactly(production, staging);
    assertThat(sent.tenantIds()).containsExactly(tenant);
    assertThat(sent.tenantTags()).containsExactly("Region/EU");
    assertThat(sent.machinePolicyId()).contains(policy);
    assertThat(sent.roles()).containsExactly("k8s", "web");
    assertThat(sent.agentThumbprint()).isEqualTo(AGENT);
    assertThat(sent.subscriptionId()).isEqualTo(SUBSCRIPTION);
    AgentState saved = store.load().orElseThrow().state();
    assertThat(saved.machineId()).contains(registered.machineId());
    assertThat(saved.trustedServers()).containsExactly(SERVER);
  }

  @Test
  void a_registered_agent_does_not_register_again() {
    RegisterTarget command =
        new RegisterTarget(target("once", List.of("Production"), Tenancy.untenanted()));
    String machine = ((RegistrationOutcome.Registered) registration.register(command)).machineId();

    assertThat(registration.register(command))
        .isEqualTo(new RegistrationOutcome.AlreadyRegistered(machine));
    assertThat(server.findMachine(space, "once")).isPresent();
  }

  @Test
  void every_unknown_name_is_refused_at_once_with_close_matches() {
    RegistrationOutcome outcome =
        registration.register(
            new RegisterTarget(
                target("typos", List.of("Prodution", "Stagng", "Nowhere"), Tenancy.untenanted())));

    String reason = ((RegistrationOutcome.Refused) outcome).reason();
    assertThat(reason)
        .contains(
            "TargetEnvironment: 'Prodution' does not exist on the server (did you mean 'Production'?)")
        .contains("'Stagng' does not exist on the server (did you mean 'Staging'?)")
        .contains("'Nowhere' does not exist on the server");
    assertThat(store.load().orElseThrow().state().isRegistered()).isFalse();
  }

  @Test
  void a_target_with_the_same_name_is_never_duplicated() {
    RegisterTarget command =
        new RegisterTarget(target("taken", List.of("Production"), Tenancy.untenanted()));
    registration.register(command);
    InMemoryAgentStateStore otherAgent = new InMemoryAgentStateStore();
    otherAgent.save(
        AgentState.EMPTY
            .withIdentity(new AgentIdentity("cert", "key", new Thumbprint("C".repeat(40))))
            .withSubscriptionId(new SubscriptionId("poll://zyxwvutsrq9876543210/")),
        StoredAgentState.NEVER_SAVED);

    RegistrationOutcome outcome =
        new RegisteringTarget(
                server, otherAgent, ServerCompatibility.DEFAULT, SemanticVersion.of(1, 0, 0))
            .register(command);

    assertThat(((RegistrationOutcome.Refused) outcome).reason())
        .contains("'taken' already exists in space 'Default'")
        .contains("choose another TargetName");
  }

  @Test
  void a_server_too_old_for_this_agent_is_refused_with_the_version_needed() {
    InMemoryOctopusServerApi old =
        new InMemoryOctopusServerApi(OctopusServerVersion.of(2023, 1, 1), SERVER);
    RegistrationOutcome outcome =
        new RegisteringTarget(old, store, ServerCompatibility.DEFAULT, SemanticVersion.of(1, 0, 0))
            .register(new RegisterTarget(target("x", List.of("Production"), Tenancy.untenanted())));
    assertThat(((RegistrationOutcome.Refused) outcome).reason()).contains("2024.2");
  }
}
