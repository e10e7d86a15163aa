package dev.k8sagent.adapters.octopus;

import dev.k8sagent.ports.out.OctopusServerApi;
import dev.k8sagent.ports.out.ResourceKind;
import dev.k8sagent.ports.out.contract.OctopusServerApiContract;
import dev.k8sagent.ports.out.contract.ServerContent;

public class InMemoryOctopusServerApiTest extends OctopusServerApiContract {
  @Override
  protected OctopusServerApi apiServing(ServerContent content) {
    return holding(content);
  }

  /** An in-memory server holding {@code content}, beside a space of no interest. */
  public static InMemoryOctopusServerApi holding(ServerContent content) {
    InMemoryOctopusServerApi api =
        new InMemoryOctopusServerApi(content.version(), content.thumbprint());
    api.addSpace("Elsewhere");
    String space = api.addSpace(content.spaceName());
    content.environments().forEach(name -> api.add(space, ResourceKind.ENVIRONMENT, name));
    content.tenants().forEach(name -> api.add(space, ResourceKind.TENANT, name));
    content.tenantTags().forEach(name -> api.add(space, ResourceKind.TENANT_TAG, name));
    content.machinePolicies().forEach(name -> api.add(space, ResourceKind.MACHINE_POLICY, name));
    return api;
  }
}
