package dev.k8sagent.bootstrap.runtime;

import dev.k8sagent.adapters.storage.NfsWatchdog;
import dev.k8sagent.adapters.storage.StorageHealth;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/** Whether the agent can take work: registered, polling, and the shared volume answering. */
final class Readiness {
  private final Registration registration;
  private final Polling polling;
  private final NfsWatchdog storage;

  @Inject
  Readiness(Registration registration, Polling polling, NfsWatchdog storage) {
    this.registration = registration;
    this.polling = polling;
    this.storage = storage;
  }

  /** Why the agent is not ready; empty when it is. */
  List<String> notReady() {
    List<String> reasons = new ArrayList<>();
    if (!registration.isRegistered()) {
      reasons.add("not registered");
    }
    if (polling.connectedCount() == 0) {
      reasons.add("no polling connection is established");
    }
    if (storage.health() instanceof StorageHealth.Unhealthy unhealthy) {
      reasons.add("the shared volume does not answer: " + unhealthy.reason());
    }
    return reasons;
  }
}
