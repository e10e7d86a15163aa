package dev.k8sagent.ports.out;

import java.util.Objects;

/** Agent state as stored, with the revision to pass to the next save. */
public record StoredAgentState(AgentState state, long revision) {
  /** The revision to expect when nothing has been saved yet. */
  public static final long NEVER_SAVED = 0;

  public StoredAgentState {
    Objects.requireNonNull(state, "state");
    if (revision <= NEVER_SAVED) {
      throw new IllegalArgumentException("a stored state has a revision above 0");
    }
  }
}
