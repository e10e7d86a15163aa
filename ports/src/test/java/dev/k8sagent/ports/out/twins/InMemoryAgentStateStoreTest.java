package dev.k8sagent.ports.out.twins;

import dev.k8sagent.ports.out.AgentStateStore;
import dev.k8sagent.ports.out.contract.AgentStateStoreContract;

class InMemoryAgentStateStoreTest extends AgentStateStoreContract {
  @Override
  protected AgentStateStore store() {
    return new InMemoryAgentStateStore();
  }
}
