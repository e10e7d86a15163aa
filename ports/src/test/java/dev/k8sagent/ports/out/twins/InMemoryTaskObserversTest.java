package dev.k8sagent.ports.out.twins;

import dev.k8sagent.ports.out.TaskObservers;
import dev.k8sagent.ports.out.contract.TaskObserversContract;
import java.util.List;

class InMemoryTaskObserversTest extends TaskObserversContract {
  private final InMemoryTaskObservers observers = new InMemoryTaskObservers();

  @Override
  protected TaskObservers observers() {
    return observers;
  }

  @Override
  protected List<String> told() {
    return observers.told();
  }
}
