package dev.k8sagent.adapters.storage;

import dev.k8sagent.ports.out.AgentStateStore;
import dev.k8sagent.ports.out.contract.AgentStateStoreContract;

class InMemoryAgentStateStoreTest extends AgentStateStoreContract {
  @Override
  protected AgentStateStore store() {
    return new InMemoryAgentStateStore();
  }
}
