package dev.k8sagent.ports.in;

import dev.k8sagent.domain.target.TargetDefinition;
import java.util.Objects;

/** Register the agent as this target. */
public record RegisterTarget(TargetDefinition target) {
  public RegisterTarget {
    Objects.requireNonNull(target, "target");
  }
}
