package dev.k8sagent.ports.out;

import java.util.Optional;

/**
 * Where the agent keeps what must survive a restart: its certificate, subscription id, the server
 * thumbprints it trusts and whether it registered. Saves use optimistic concurrency: two agent
 * processes cannot overwrite each other unknowingly. Implementations never log the contents.
 */
public interface AgentStateStore {

  /** The saved state with its revision, or empty when nothing was ever saved. */
  Optional<StoredAgentState> load();

  /**
   * Saves the state if the stored revision is still {@code expectedRevision} ({@link
   * StoredAgentState#NEVER_SAVED} when saving for the first time).
   *
   * @return the state with its new revision
   * @throws StateConflictException when someone else saved in between
   */
  StoredAgentState save(AgentState state, long expectedRevision);
}
