package dev.k8sagent.domain.target;

import dev.k8sagent.domain.Require;

/** The name of an Octopus machine policy. Absent means the space's default policy. */
public record MachinePolicyName(String value) {
  public MachinePolicyName {
    Require.nonBlank(value, "Machine policy (MachinePolicy)");
    value = value.strip();
  }

  @Override
  public String toString() {
    return value;
  }
}
