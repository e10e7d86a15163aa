package dev.k8sagent.domain.target;

import dev.k8sagent.domain.Require;
import dev.k8sagent.domain.tenancy.Tenancy;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the agent registers itself as: a deployment target in a space, in at least one
 * environment, with at least one target tag, a tenancy, an optional default namespace and machine
 * policy.
 */
public record TargetDefinition(
    TargetName name,
    String space,
    NameList environments,
    NameList targetTags,
    Tenancy tenancy,
    Optional<DnsLabel> defaultNamespace,
    Optional<MachinePolicyName> machinePolicy) {

  public static final String DEFAULT_SPACE = "Default";

  public TargetDefinition {
    Objects.requireNonNull(name, "name");
    Require.nonBlank(space, "Space");
    environments.requireAtLeastOne("TargetEnvironment");
    targetTags.requireAtLeastOne("TargetRole");
    Objects.requireNonNull(tenancy, "tenancy");
    Objects.requireNonNull(defaultNamespace, "defaultNamespace");
    Objects.requireNonNull(machinePolicy, "machinePolicy");
  }
}
