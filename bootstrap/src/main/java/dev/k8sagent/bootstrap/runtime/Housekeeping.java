package dev.k8sagent.bootstrap.runtime;

import dev.k8sagent.bootstrap.config.AgentSettings;
import dev.k8sagent.ports.service.CleaningWorkspaces;
import dev.k8sagent.ports.service.RunningScripts;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Lets go of tasks the server stopped asking about and removes orphaned workspaces, once the
 * retention has passed; checks every 24th of the retention, at most once a minute.
 */
final class Housekeeping implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Housekeeping.class.getName());

  private final Duration retention;
  private final RunningScripts scripts;
  private final CleaningWorkspaces cleaning;
  private ScheduledExecutorService timer;

  @Inject
  Housekeeping(AgentSettings settings, RunningScripts scripts, CleaningWorkspaces cleaning) {
    this.retention = settings.storage().workspaceRetention();
    this.scripts = scripts;
    this.cleaning = cleaning;
  }

  synchronized void start() {
    Duration every =
        retention.dividedBy(24).compareTo(Duration.ofMinutes(1)) < 0
            ? Duration.ofMinutes(1)
            : retention.dividedBy(24);
    timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "housekeeping");
              thread.setDaemon(true);
              return thread;
            });
    timer.scheduleWithFixedDelay(
        this::cleanUp, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void cleanUp() {
    try {
      List<?> forgotten = scripts.forgetAbandonedOlderThan(retention);
      List<?> removed = cleaning.removeOrphansOlderThan(retention);
      if (!forgotten.isEmpty() || !removed.isEmpty()) {
        LOG.log(
            Level.INFO,
            "Let go of abandoned tasks " + forgotten + "; removed orphaned workspaces " + removed);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Cleaning up failed: " + e.getMessage());
    }
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
