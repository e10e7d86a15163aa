package dev.k8sagent.ports.out.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k8sagent.domain.target.DnsLabel;
import dev.k8sagent.domain.target.SubscriptionId;
import dev.k8sagent.domain.target.Thumbprint;
import dev.k8sagent.domain.tenancy.TenantedDeploymentParticipation;
import dev.k8sagent.ports.out.MachineRegistration;
import dev.k8sagent.ports.out.NamedResource;
import dev.k8sagent.ports.out.OctopusServerApi;
import dev.k8sagent.ports.out.ResourceKind;
import dev.k8sagent.ports.out.ServerApiException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link OctopusServerApi} must do against a server holding {@link ServerContent}. */
public abstract class OctopusServerApiContract {

  private final ServerContent content = ServerContent.typical();
  private OctopusServerApi api;

  protected abstract OctopusServerApi apiServing(ServerContent content);

  @BeforeEach
  void setUp() {
    api = apiServing(content);
  }

  @Test
  void reports_the_server_version_and_thumbprint() {
    assertThat(api.serverVersion()).isEqualTo(content.version());
    assertThat(api.serverThumbprint()).isEqualTo(content.thumbprint());
  }

  @Test
  void lists_spaces_and_resources_by_name_with_ids() {
    String spaceId = spaceId();

    assertThat(api.list(ResourceKind.ENVIRONMENT, spaceId))
        .extracting(NamedResource::name)
        .containsExactlyInAnyOrderElementsOf(content.environments());
    assertThat(api.list(ResourceKind.TENANT, spaceId))
        .extracting(NamedResource::name)
        .containsExactlyInAnyOrderElementsOf(content.tenants());
    assertThat(api.list(ResourceKind.TENANT_TAG, spaceId))
        .extracting(NamedResource::id)
        .containsExactlyInAnyOrderElementsOf(content.tenantTags());
    assertThat(api.list(ResourceKind.MACHINE_POLICY, spaceId))
        .extracting(NamedResource::name)
        .containsExactlyInAnyOrderElementsOf(content.machinePolicies());
    assertThat(api.list(ResourceKind.ENVIRONMENT, spaceId))
        .extracting(NamedResource::id)
        .doesNotHaveDuplicates()
        .doesNotContainAnyElementsOf(content.environments());
  }

  @Test
  void a_registered_machine_can_be_found_by_name() {
    String spaceId = spaceId();
    assertThat(api.findMachine(spaceId, "k8s-prod")).isEmpty();

    NamedResource machine = api.registerMachine(spaceId, registration("k8s-prod"));

    assertThat(machine.name()).isEqualTo("k8s-prod");
    assertThat(api.findMachine(spaceId, "k8s-prod")).contains(machine);
  }

  @Test
  void registering_a_name_that_exists_is_refused_and_says_so() {
    String spaceId = spaceId();
    api.registerMachine(spaceId, registration("k8s-prod"));

    assertThatThrownBy(() -> api.registerMachine(spaceId, registration("k8s-prod")))
        .isInstanceOf(ServerApiException.class)
        .hasMessageContaining("k8s-prod");
  }

  private String spaceId() {
    return api.spaces().stream()
        .filter(s -> s.name().equals(content.spaceName()))
        .findFirst()
        .orElseThrow()
        .id();
  }

  private MachineRegistration registration(String name) {
    String spaceId = spaceId();
    String environmentId = api.list(ResourceKind.ENVIRONMENT, spaceId).get(0).id();
    return new MachineRegistration(
        name,
        List.of(environmentId),
        List.of("web"),
        List.of(),
        List.of(),
        TenantedDeploymentParticipation.UNTENANTED,
        Optional.empty(),
        new Thumbprint("D".repeat(40)),
        new SubscriptionId("poll://abcdefghij0123456789/"),
        Optional.of(new DnsLabel("apps")));
  }
}
