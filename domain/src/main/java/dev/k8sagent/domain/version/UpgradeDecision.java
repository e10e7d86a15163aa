package dev.k8sagent.domain.version;

import java.util.Objects;

/**
 * Whether an agent should be upgraded to an available version, from its machine policy and the
 * versions involved. An upgrade across a major version is never automatic: its values may need
 * migrating, so a person decides.
 */
public sealed interface UpgradeDecision {

  static UpgradeDecision decide(
      AgentUpdatePolicy policy,
      SemanticVersion current,
      SemanticVersion available,
      OctopusServerVersion server,
      ServerCompatibility compatibility) {
    Objects.requireNonNull(policy, "policy");
    if (available.compareTo(current) <= 0) {
      return new UpToDate(current);
    }
    if (policy == AgentUpdatePolicy.MANUAL) {
      return new ManualUpgradeAvailable(available, "the machine policy asks for manual updates");
    }
    if (available.major() != current.major()) {
      return new ManualUpgradeAvailable(
          available,
          "moving from major version "
              + current.major()
              + " to "
              + available.major()
              + " may need the Helm values migrated");
    }
    if (!compatibility.supportsAutomaticUpgrade(server)) {
      return new ManualUpgradeAvailable(
          available,
          "Octopus Server "
              + server
              + " cannot upgrade agents automatically (needs "
              + compatibility.minimumForAutomaticUpgrade()
              + " or newer)");
    }
    return new UpgradeAutomatically(available);
  }

  /** Nothing newer is available. */
  record UpToDate(SemanticVersion current) implements UpgradeDecision {}

  /** Upgrade now, without asking. */
  record UpgradeAutomatically(SemanticVersion target) implements UpgradeDecision {}

  /** A newer version exists, but a person must start the upgrade, for the reason given. */
  record ManualUpgradeAvailable(SemanticVersion target, String reason) implements UpgradeDecision {}
}
