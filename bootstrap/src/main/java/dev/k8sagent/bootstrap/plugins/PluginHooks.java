package dev.k8sagent.bootstrap.plugins;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs the plugins' start or stop hooks one after another, each on a daemon thread of its own
 * within one time limit, so a plugin whose {@code start()} or {@code stop()} never returns delays
 * the agent's start or shutdown by that limit at most, and the other plugins still start or stop. A
 * hook that overruns keeps its thread until it returns (a plugin's code cannot be stopped safely);
 * the host stops using that plugin.
 */
final class PluginHooks {
  private final Duration limit;

  PluginHooks(Duration limit) {
    if (limit.isNegative() || limit.isZero()) {
      throw new IllegalArgumentException("The plugin start and stop limit must be positive");
    }
    this.limit = limit;
  }

  /**
   * Runs {@code hook} for each of {@code ids} in order; {@code what} names it ("start", "stop").
   * Returns the ids whose hook returned in time without throwing; says why for the others to {@code
   * report}.
   */
  List<String> run(String what, List<String> ids, Consumer<String> hook, Consumer<String> report) {
    List<String> done = new ArrayList<>();
    for (String id : ids) {
      FutureTask<Void> task = new FutureTask<>(() -> hook.accept(id), null);
      Thread thread = new Thread(task, "plugin-" + what + "-" + id);
      thread.setDaemon(true);
      thread.start();
      try {
        task.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        done.add(id);
      } catch (TimeoutException e) {
        report.accept(
            "Plugin "
                + id
                + " did not "
                + what
                + " within "
                + limit
                + " (K8SAGENT_PLUGIN_LIFECYCLE_TIMEOUT); it is left behind and not used");
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        report.accept(
            "Plugin "
                + id
                + " failed to "
                + what
                + ": "
                + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")"));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        report.accept("Plugin " + id + " was not waited for: the agent was interrupted");
        return done;
      }
    }
    return done;
  }
}
