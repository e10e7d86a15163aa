package dev.k8sagent.bootstrap.runtime;

import dev.k8sagent.adapters.storage.NfsWatchdog;
import dev.k8sagent.bootstrap.config.AgentSettings;
import dev.k8sagent.bootstrap.config.AgentVersion;
import dev.k8sagent.bootstrap.health.HealthServer;
import dev.k8sagent.bootstrap.plugins.PluginHost;
import dev.k8sagent.ports.service.RunningScripts;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The running agent, in the order its parts start: identity and registration, and beside it the
 * shared-volume watchdog, the pods' watch, the tasks picked up again and the plugins; then polling,
 * the health endpoint and housekeeping. {@link #stop()} stops them in reverse: polling stops taking
 * requests and lets those in flight finish; pods keep running so the next start picks them up.
 */
public final class AgentRuntime {
  private static final System.Logger LOG = System.getLogger(AgentRuntime.class.getName());
  private static final Duration STORAGE_PROBE_INTERVAL = Duration.ofSeconds(30);

  /** How long the start's garbage waits for the polling connections before it is collected. */
  static final Duration START_GARBAGE_WAIT = Duration.ofSeconds(10);

  private final AgentSettings settings;
  private final Registration registration;
  private final Polling polling;
  private final HealthServer health;
  private final Lifecycle lifecycle;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile int healthPort;
  private volatile Thread startGarbage;

  @Inject
  AgentRuntime(
      AgentSettings settings,
      Registration registration,
      NfsWatchdog storage,
      PodsLifecycle pods,
      RunningScripts scripts,
      PluginHost plugins,
      Polling polling,
      HealthServer health,
      Housekeeping housekeeping,
      AgentEvents events,
      ConditionWatch conditions) {
    this.settings = settings;
    this.registration = registration;
    this.polling = polling;
    this.health = health;
    this.lifecycle =
        new Lifecycle(
            List.of(
                new Lifecycle.Step("kubernetes events", events::start, events::close),
                // registration waits on the server and makes the agent's key on a first start;
                // what picks up the tasks of an earlier start needs none of it, so both go at once
                new Lifecycle.Together(
                    List.of(
                        List.of(
                            new Lifecycle.Step(
                                "identity and registration", registration::start, () -> {})),
                        List.of(
                            new Lifecycle.Step(
                                "shared volume watchdog",
                                () -> storage.start(STORAGE_PROBE_INTERVAL),
                                storage::close),
                            new Lifecycle.Step("pod watch", pods::start, pods::close),
                            new Lifecycle.Step(
                                "tasks picked up again", () -> reattach(scripts), () -> {}),
                            new Lifecycle.Step(
                                "plugins",
                                () -> {
                                  plugins.start();
                                  LOG.log(
                                      Level.INFO,
                                      StartupLog.plugins(
                                          plugins.started(), settings.plugins().directory()));
                                },
                                plugins::close)))),
                new Lifecycle.Step(
                    "polling", () -> polling.start(registration.registered()), polling::close),
                new Lifecycle.Step(
                    "health endpoint",
                    () -> healthPort = health.start(settings.http().port()),
                    health::close),
                new Lifecycle.Step("housekeeping", housekeeping::start, housekeeping::close),
                new Lifecycle.Step("condition watch", conditions::start, conditions::close)));
  }

  /** Starts everything; returns the port of the health endpoint. */
  public int start() throws Exception {
    LOG.log(Level.INFO, StartupLog.version());
    LOG.log(Level.INFO, StartupLog.configuration(settings));
    LOG.log(Level.INFO, StartupLog.tlsEngineAndTransport(settings));
    lifecycle.start();
    LOG.log(Level.INFO, StartupLog.connections(settings));
    collectStartGarbageOnceConnected();
    LOG.log(
        Level.INFO,
        "k8s-agent "
            + AgentVersion.current()
            + " started as "
            + registration.registered().identity().thumbprint()
            + "; health endpoint on port "
            + healthPort);
    return healthPort;
  }

  /**
   * Starting allocates far more than the agent keeps (configuration, the Kubernetes client's JSON
   * tables, TLS and certificate parsing): the heap grows to 30 MB and more for a live set of about
   * 12 MB, and Serial GC gives heap back to the system only after a full collection. One full
   * collection once everything runs (tens of milliseconds, before any task) lets the heap shrink to
   * what {@code -XX:MaxHeapFreeRatio} allows, so the idle agent does not keep its start-up garbage
   * resident. {@code -XX:+DisableExplicitGC} turns this off.
   *
   * <p>It waits, on a thread of its own, until the polling connections have identified themselves
   * to the server (at most {@link #START_GARBAGE_WAIT}): the collection stops every thread, and at
   * the end of {@link #start()} it fell inside the connections' TLS handshakes and held up the
   * first poll by its whole pause (18 to 27 ms in a restart with the chart's archive). An agent
   * stopped before then leaves it out.
   */
  private void collectStartGarbageOnceConnected() {
    Thread collector =
        new Thread(
            () -> {
              try {
                polling.awaitConnections(START_GARBAGE_WAIT);
              } catch (InterruptedException e) {
                return; // stopping
              }
              long begin = System.nanoTime();
              System.gc();
              LOG.log(
                  Level.DEBUG,
                  "Collected the start's garbage in "
                      + (System.nanoTime() - begin) / 1_000_000
                      + " ms");
            },
            "k8s-agent-start-garbage");
    collector.setDaemon(true);
    startGarbage = collector;
    collector.start();
  }

  private static void reattach(RunningScripts scripts) {
    List<?> reattached = scripts.reattach();
    if (!reattached.isEmpty()) {
      LOG.log(
          Level.INFO, "Picked up " + reattached.size() + " running task(s) again: " + reattached);
    }
  }

  /** Connections polling now. */
  public int connectedCount() {
    return polling.connectedCount();
  }

  /** The steps running now, in start order. */
  public List<String> running() {
    return lifecycle.running();
  }

  /** Stops taking requests, finishes those in flight, closes connections; pods keep running. */
  public void stop() {
    if (stopped.getCount() == 0) {
      return;
    }
    LOG.log(Level.INFO, "Stopping: finishing requests in flight, then closing connections");
    Thread collector = startGarbage;
    if (collector != null) {
      collector.interrupt();
    }
    lifecycle.stop();
    stopped.countDown();
  }

  /** Blocks until {@link #stop()} has run. */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }
}
