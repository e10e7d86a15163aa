package dev.k8sagent.domain.version;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UpgradeDecisionTest {

  @ParameterizedTest(name = "{0}: {1} → {2} on server {3} = {4}")
  @CsvSource({
    "AUTOMATIC, 1.2.0, 1.2.0, 2025.1.1, UpToDate",
    "AUTOMATIC, 1.3.0, 1.2.0, 2025.1.1, UpToDate",
    "AUTOMATIC, 1.2.0, 1.3.0, 2025.1.1, UpgradeAutomatically",
    "AUTOMATIC, 1.2.0, 1.3.0, 2024.2.8584, UpgradeAutomatically",
    "AUTOMATIC, 1.2.0, 1.3.0, 2024.2.8000, ManualUpgradeAvailable",
    "AUTOMATIC, 1.2.0, 2.0.0, 2025.1.1, ManualUpgradeAvailable",
    "MANUAL, 1.2.0, 1.3.0, 2025.1.1, ManualUpgradeAvailable",
    "MANUAL, 1.2.0, 1.2.0, 2025.1.1, UpToDate"
  })
  void the_machine_policy_and_versions_decide_the_upgrade(
      AgentUpdatePolicy policy, String current, String available, String server, String outcome) {
    UpgradeDecision decision =
        UpgradeDecision.decide(
            policy,
            SemanticVersion.parse(current),
            SemanticVersion.parse(available),
            OctopusServerVersion.parse(server),
            ServerCompatibility.DEFAULT);

    assertThat(decision.getClass().getSimpleName()).isEqualTo(outcome);
  }

  @ParameterizedTest
  @CsvSource({
    "MANUAL, 1.3.0, manual updates",
    "AUTOMATIC, 2.0.0, major version 1 to 2",
  })
  void a_manual_upgrade_says_why(AgentUpdatePolicy policy, String available, String reason) {
    UpgradeDecision decision =
        UpgradeDecision.decide(
            policy,
            SemanticVersion.parse("1.2.0"),
            SemanticVersion.parse(available),
            OctopusServerVersion.parse("2025.1.1"),
            ServerCompatibility.DEFAULT);

    assertThat(((UpgradeDecision.ManualUpgradeAvailable) decision).reason()).contains(reason);
  }
}
