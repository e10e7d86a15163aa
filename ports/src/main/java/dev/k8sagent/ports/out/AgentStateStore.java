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

  /**
   * Applies {@code change} to the stored state (or to {@link AgentState#EMPTY}) and saves the
   * result, loading and applying again when someone else saved in between. Nothing is saved when
   * the change leaves the state as it was.
   *
   * @return the state now stored
   * @throws StateConflictException when the state kept changing under every attempt
   */
  default AgentState update(java.util.function.UnaryOperator<AgentState> change) {
    StateConflictException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      Optional<StoredAgentState> stored = load();
      AgentState current = stored.map(StoredAgentState::state).orElse(AgentState.EMPTY);
      AgentState changed = change.apply(current);
      if (stored.isPresent() && changed.equals(current)) {
        return current;
      }
      try {
        return save(
                changed,
                stored.map(StoredAgentState::revision).orElse(StoredAgentState.NEVER_SAVED))
            .state();
      } catch (StateConflictException e) {
        last = e;
      }
    }
    throw last;
  }
}
