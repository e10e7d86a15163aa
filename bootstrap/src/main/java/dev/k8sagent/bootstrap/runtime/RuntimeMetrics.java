package dev.k8sagent.bootstrap.runtime;

import dev.k8sagent.adapters.octopus.halibut.service.ServiceDispatcher;
import dev.k8sagent.adapters.storage.NfsWatchdog;
import dev.k8sagent.adapters.storage.StorageHealth;
import dev.k8sagent.bootstrap.health.AgentMetrics;
import dev.k8sagent.bootstrap.plugins.PluginHost;
import dev.k8sagent.domain.task.ScriptState;
import dev.k8sagent.ports.service.RunningScripts;
import jakarta.inject.Inject;
import java.util.Map;

/** The running agent's figures, read from the parts that keep them. */
final class RuntimeMetrics implements AgentMetrics {
  private final Polling polling;
  private final RunningScripts scripts;
  private final ServiceDispatcher dispatcher;
  private final NfsWatchdog storage;
  private final PluginHost plugins;
  private final AgentEvents events;

  @Inject
  RuntimeMetrics(
      Polling polling,
      RunningScripts scripts,
      ServiceDispatcher dispatcher,
      NfsWatchdog storage,
      PluginHost plugins,
      AgentEvents events) {
    this.polling = polling;
    this.scripts = scripts;
    this.dispatcher = dispatcher;
    this.storage = storage;
    this.plugins = plugins;
    this.events = events;
  }

  @Override
  public int pollingConnections() {
    return polling.connectedCount();
  }

  @Override
  public Map<ScriptState, Integer> tasksByState() {
    return scripts.tasksByState();
  }

  @Override
  public long bytesUploaded() {
    return dispatcher.bytesUploaded();
  }

  @Override
  public long bytesDownloaded() {
    return dispatcher.bytesDownloaded();
  }

  @Override
  public boolean storageHealthy() {
    return !(storage.health() instanceof StorageHealth.Unhealthy);
  }

  @Override
  public Map<String, Long> requestCounts() {
    return dispatcher.requestCounts();
  }

  @Override
  public Map<String, Long> pluginCalls() {
    return plugins.calls();
  }

  @Override
  public Map<String, Long> pluginFailures() {
    return plugins.failures();
  }

  @Override
  public long observerEventsDropped() {
    return plugins.observerEventsDropped();
  }

  @Override
  public int tasksInSlots() {
    return scripts.taskSlots().running();
  }

  @Override
  public int tasksWaitingForSlot() {
    return scripts.taskSlots().waiting();
  }

  @Override
  public Map<String, Long> eventsDropped() {
    return events.dropped();
  }
}
