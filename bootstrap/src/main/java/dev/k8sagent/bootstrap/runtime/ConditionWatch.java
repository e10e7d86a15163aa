package dev.k8sagent.bootstrap.runtime;

import dev.k8sagent.adapters.storage.NfsWatchdog;
import dev.k8sagent.adapters.storage.StorageHealth;
import dev.k8sagent.bootstrap.plugins.PluginHost;
import dev.k8sagent.ports.out.EventReason;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Turns changes of the agent's conditions into Kubernetes Events: the shared volume turning
 * unhealthy and recovering, and plugin calls failing (read from the plugin host's counters). Checks
 * every {@link #EVERY}; one check is a few reads of memory.
 */
final class ConditionWatch implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ConditionWatch.class.getName());
  static final Duration EVERY = Duration.ofSeconds(5);

  private final NfsWatchdog storage;
  private final PluginHost plugins;
  private final AgentEvents events;
  private final Map<String, Long> pluginFailuresSeen = new HashMap<>();
  private boolean storageWasHealthy = true;
  private ScheduledExecutorService timer;

  @Inject
  ConditionWatch(NfsWatchdog storage, PluginHost plugins, AgentEvents events) {
    this.storage = storage;
    this.plugins = plugins;
    this.events = events;
  }

  synchronized void start() {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "condition-watch");
              thread.setDaemon(true);
              return thread;
            });
    timer.scheduleWithFixedDelay(
        this::check, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Compares the conditions with the last check and reports what changed. */
  synchronized void check() {
    try {
      checkStorage();
      checkPlugins();
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "Checking the agent's conditions failed: " + e.getMessage());
    }
  }

  private void checkStorage() {
    StorageHealth health = storage.health();
    boolean healthy = !(health instanceof StorageHealth.Unhealthy);
    if (healthy == storageWasHealthy) {
      return;
    }
    storageWasHealthy = healthy;
    if (health instanceof StorageHealth.Unhealthy unhealthy) {
      events.aboutAgent(
          EventReason.VOLUME_UNHEALTHY,
          "The shared volume does not answer since "
              + unhealthy.since()
              + ": "
              + unhealthy.reason());
    } else {
      events.aboutAgent(EventReason.VOLUME_RECOVERED, "The shared volume answers again");
    }
  }

  private void checkPlugins() {
    plugins
        .failures()
        .forEach(
            (id, failures) -> {
              long before = pluginFailuresSeen.getOrDefault(id, 0L);
              if (failures > before) {
                events.aboutAgent(
                    EventReason.PLUGIN_FAILED,
                    "Plugin "
                        + id
                        + " failed, overran or gave a refused answer (the task log of the task"
                        + " says which); tasks go on without it");
              }
              pluginFailuresSeen.put(id, failures);
            });
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
