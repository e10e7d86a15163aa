package dev.k8sagent.ports.out.twins;

import dev.k8sagent.ports.out.AgentState;
import dev.k8sagent.ports.out.AgentStateStore;
import dev.k8sagent.ports.out.StateConflictException;
import dev.k8sagent.ports.out.StoredAgentState;
import java.util.Optional;

/**
 * {@link AgentStateStore} in memory: survives an agent restart inside one JVM (tests, the demo),
 * not a process restart. Same optimistic concurrency as the Kubernetes Secret store.
 */
public final class InMemoryAgentStateStore implements AgentStateStore {
  private StoredAgentState current;

  @Override
  public synchronized Optional<StoredAgentState> load() {
    return Optional.ofNullable(current);
  }

  @Override
  public synchronized StoredAgentState save(AgentState state, long expectedRevision) {
    long actual = current == null ? StoredAgentState.NEVER_SAVED : current.revision();
    if (actual != expectedRevision) {
      throw new StateConflictException(expectedRevision, actual);
    }
    current = new StoredAgentState(state, actual + 1);
    return current;
  }
}
