package dev.k8sagent.domain.version;

import java.util.Map;
import java.util.Objects;

/**
 * Which Octopus Server versions an agent version works with. Each agent major needs a minimum
 * server; automatic agent upgrades need a later one. The table is {@link #DEFAULT}.
 */
public record ServerCompatibility(
    Map<Integer, OctopusServerVersion> minimumServerByAgentMajor,
    OctopusServerVersion minimumForAutomaticUpgrade) {

  /** Agent 1.x needs Server 2024.2.6580; automatic upgrades arrived in 2024.2.8584. */
  public static final ServerCompatibility DEFAULT =
      new ServerCompatibility(
          Map.of(1, OctopusServerVersion.of(2024, 2, 6580)),
          OctopusServerVersion.of(2024, 2, 8584));

  public ServerCompatibility {
    minimumServerByAgentMajor = Map.copyOf(minimumServerByAgentMajor);
    Objects.requireNonNull(minimumForAutomaticUpgrade, "minimumForAutomaticUpgrade");
  }

  /** Whether this agent can work with that server; when not, what is needed. */
  public Verdict check(SemanticVersion agent, OctopusServerVersion server) {
    OctopusServerVersion required = minimumServerFor(agent);
    if (server.isAtLeast(required)) {
      return new Verdict.Compatible(server);
    }
    return new Verdict.ServerTooOld(
        server,
        required,
        "Octopus Server "
            + server
            + " is too old for agent "
            + agent
            + ": agent "
            + agent.major()
            + ".x needs Octopus Server "
            + required
            + " or newer. Upgrade the server, or install an older agent version.");
  }

  /** Whether the server can drive automatic agent upgrades. */
  public boolean supportsAutomaticUpgrade(OctopusServerVersion server) {
    return server.isAtLeast(minimumForAutomaticUpgrade);
  }

  /** The minimum server for an agent's major version. */
  public OctopusServerVersion minimumServerFor(SemanticVersion agent) {
    OctopusServerVersion required = minimumServerByAgentMajor.get(agent.major());
    if (required == null) {
      throw new IllegalArgumentException(
          "No minimum Octopus Server version is recorded for agent major version "
              + agent.major()
              + "; add it to ServerCompatibility");
    }
    return required;
  }

  /** The outcome of {@link #check}. */
  public sealed interface Verdict {
    record Compatible(OctopusServerVersion server) implements Verdict {}

    record ServerTooOld(OctopusServerVersion server, OctopusServerVersion required, String message)
        implements Verdict {}
  }
}
