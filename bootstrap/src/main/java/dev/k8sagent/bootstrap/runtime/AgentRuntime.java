package dev.k8sagent.bootstrap.runtime;

import dev.k8sagent.adapters.octopus.halibut.polling.PollingClient;
import dev.k8sagent.adapters.octopus.halibut.polling.PollingSettings;
import dev.k8sagent.adapters.octopus.halibut.service.ServiceDispatcher;
import dev.k8sagent.adapters.octopus.identity.AgentIdentities;
import dev.k8sagent.adapters.octopus.identity.LoadedIdentity;
import dev.k8sagent.adapters.octopus.identity.ServerAuthorities;
import dev.k8sagent.adapters.storage.NfsWatchdog;
import dev.k8sagent.adapters.storage.StorageHealth;
import dev.k8sagent.bootstrap.config.AgentSettings;
import dev.k8sagent.bootstrap.config.AgentVersion;
import dev.k8sagent.domain.target.Thumbprint;
import dev.k8sagent.domain.version.ServerCompatibility;
import dev.k8sagent.ports.in.RegisterTarget;
import dev.k8sagent.ports.in.RegistrationOutcome;
import dev.k8sagent.ports.out.AgentStateStore;
import dev.k8sagent.ports.out.OctopusServerApi;
import dev.k8sagent.ports.out.StoredAgentState;
import dev.k8sagent.ports.service.CleaningWorkspaces;
import dev.k8sagent.ports.service.RegisteringTarget;
import dev.k8sagent.ports.service.RunningScripts;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The running agent: makes sure it has an identity and is registered, picks up the pods it owns,
 * polls the server, answers probes, and cleans up after abandoned tasks. {@link #stop()} stops
 * taking requests, lets those in flight finish, closes the connections and leaves pods running so
 * the next start picks them up.
 */
public final class AgentRuntime {
  private static final System.Logger LOG = System.getLogger(AgentRuntime.class.getName());

  private final AgentSettings settings;
  private final AgentStateStore store;
  private final AgentIdentities identities;
  private final RunningScripts scripts;
  private final CleaningWorkspaces cleaning;
  private final ServiceDispatcher dispatcher;
  private final Provider<OctopusServerApi> server;
  private final PodsLifecycle pods;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final ScheduledExecutorService housekeeping =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "housekeeping");
            thread.setDaemon(true);
            return thread;
          });
  private final NfsWatchdog storage;
  private PollingClient polling;
  private HealthServer health;
  private volatile boolean registered;
  private long startedNanos;

  /** Starting and stopping whatever follows the pods (a watch, local processes). */
  public interface PodsLifecycle extends AutoCloseable {
    void start();

    @Override
    void close();
  }

  @Inject
  public AgentRuntime(
      AgentSettings settings,
      AgentStateStore store,
      AgentIdentities identities,
      RunningScripts scripts,
      CleaningWorkspaces cleaning,
      ServiceDispatcher dispatcher,
      Provider<OctopusServerApi> server,
      PodsLifecycle pods) {
    this.settings = settings;
    this.store = store;
    this.identities = identities;
    this.scripts = scripts;
    this.cleaning = cleaning;
    this.dispatcher = dispatcher;
    this.server = server;
    this.pods = pods;
    this.storage =
        NfsWatchdog.forDirectory(
            Path.of(settings.home()), Duration.ofSeconds(10), Clock.systemUTC());
  }

  /** Starts everything; returns the port of the health endpoint. */
  public int start() throws InterruptedException {
    startedNanos = System.nanoTime();
    LoadedIdentity identity =
        identities.loadOrCreate(
            settings.target().name().kubernetesName().value(), settings.configuredIdentity());
    String subscription = identities.subscription(settings.fixedSubscription()).uri();
    register();
    Set<Thumbprint> trusted = store.load().map(s -> s.state().trustedServers()).orElse(Set.of());
    storage.start(Duration.ofSeconds(30));
    pods.start();
    List<?> reattached = scripts.reattach();
    if (!reattached.isEmpty()) {
      LOG.log(
          Level.INFO, "Picked up " + reattached.size() + " running task(s) again: " + reattached);
    }
    polling =
        new PollingClient(
            new PollingSettings(
                settings.serverCommsAddresses(),
                settings.pollingConnections(),
                subscription,
                PollingSettings.DEFAULT_MAX_MESSAGE_BYTES,
                Long.MAX_VALUE,
                Duration.ofSeconds(60),
                Duration.ofSeconds(60),
                Duration.ofSeconds(5),
                Duration.ofSeconds(120),
                spoolDirectory(),
                settings.proxy(),
                ServerAuthorities.load(settings.serverCertificateFile())),
            identity,
            () -> trusted,
            dispatcher);
    polling.start();
    health = new HealthServer(this::notReady, this::metrics);
    int port = health.start(settings.httpPort());
    Duration every =
        settings.workspaceRetention().dividedBy(24).compareTo(Duration.ofMinutes(1)) < 0
            ? Duration.ofMinutes(1)
            : settings.workspaceRetention().dividedBy(24);
    housekeeping.scheduleWithFixedDelay(
        this::cleanUp, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    LOG.log(
        Level.INFO,
        "k8s-agent "
            + AgentVersion.current()
            + " started as "
            + identity.thumbprint()
            + ", polling "
            + settings.serverCommsAddresses()
            + " with "
            + settings.pollingConnections()
            + " connections; health endpoint on port "
            + port);
    return port;
  }

  private void register() {
    StoredAgentState state = store.load().orElseThrow();
    if (state.state().isRegistered()) {
      registered = true;
      LOG.log(Level.INFO, "Registered before as " + state.state().machineId().get());
      return;
    }
    if (settings.serverUrl().isEmpty() || settings.credential().isEmpty()) {
      throw new IllegalStateException(
          "This agent is not registered yet: set ServerUrl and BearerToken (or ServerApiKey) so it"
              + " can register");
    }
    RegistrationOutcome outcome =
        new RegisteringTarget(
                server.get(), store, ServerCompatibility.DEFAULT, AgentVersion.current())
            .register(new RegisterTarget(settings.target()));
    if (outcome instanceof RegistrationOutcome.Refused refused) {
      throw new IllegalStateException("Registration was refused: " + refused.reason());
    }
    registered = true;
    pinWebSocketEndpoints();
    if (outcome instanceof RegistrationOutcome.Registered done) {
      LOG.log(
          Level.INFO,
          "Registered as "
              + done.machineId()
              + "; trusting server thumbprint "
              + done.serverThumbprint());
    }
  }

  /**
   * A {@code wss://} address presents the HTTPS certificate in front of the server, not the
   * server's own: learn its thumbprint now, verified, and trust it from then on, as Halibut does.
   */
  private void pinWebSocketEndpoints() {
    java.util.List<java.security.cert.X509Certificate> authorities =
        ServerAuthorities.load(settings.serverCertificateFile());
    for (java.net.URI address : settings.serverCommsAddresses()) {
      if (PollingSettings.isWebSocket(address)) {
        Thumbprint https =
            ServerAuthorities.presentedThumbprint(address, authorities, Duration.ofSeconds(30));
        store.update(current -> current.trusting(https));
        LOG.log(Level.INFO, "Trusting " + address + " by its HTTPS certificate " + https);
      }
    }
  }

  private Path spoolDirectory() {
    try {
      return Files.createTempDirectory("k8s-agent-spool-");
    } catch (java.io.IOException e) {
      throw new IllegalStateException("Cannot create a spool directory: " + e.getMessage(), e);
    }
  }

  private void cleanUp() {
    try {
      List<?> forgotten = scripts.forgetAbandonedOlderThan(settings.workspaceRetention());
      List<?> removed = cleaning.removeOrphansOlderThan(settings.workspaceRetention());
      if (!forgotten.isEmpty() || !removed.isEmpty()) {
        LOG.log(
            Level.INFO,
            "Let go of abandoned tasks " + forgotten + "; removed orphaned workspaces " + removed);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Cleaning up failed: " + e.getMessage());
    }
  }

  /** Why the agent is not ready; empty when it is. */
  public List<String> notReady() {
    List<String> reasons = new ArrayList<>();
    if (!registered) {
      reasons.add("not registered");
    }
    if (polling == null || polling.connectedCount() == 0) {
      reasons.add("no polling connection is established");
    }
    if (storage.health() instanceof StorageHealth.Unhealthy unhealthy) {
      reasons.add("the shared volume does not answer: " + unhealthy.reason());
    }
    return reasons;
  }

  /** The metrics in Prometheus text format. */
  public String metrics() {
    StringBuilder out = new StringBuilder();
    out.append("# HELP k8sagent_polling_connections Polling connections established now.\n")
        .append("# TYPE k8sagent_polling_connections gauge\n")
        .append("k8sagent_polling_connections ")
        .append(polling == null ? 0 : polling.connectedCount())
        .append('\n');
    out.append("# HELP k8sagent_tasks Tasks the agent is tracking, by state.\n")
        .append("# TYPE k8sagent_tasks gauge\n");
    java.util.Map<dev.k8sagent.domain.task.ScriptState, Integer> byState = scripts.tasksByState();
    for (dev.k8sagent.domain.task.ScriptState state :
        dev.k8sagent.domain.task.ScriptState.values()) {
      out.append("k8sagent_tasks{state=\"")
          .append(state.name().toLowerCase(java.util.Locale.ROOT))
          .append("\"} ")
          .append(byState.getOrDefault(state, 0))
          .append('\n');
    }
    RunningScripts.PodStartTimes starts = scripts.podStartTimes();
    out.append(
            "# HELP k8sagent_pod_start_seconds Time from creating a script pod to its script running.\n")
        .append("# TYPE k8sagent_pod_start_seconds summary\n")
        .append("k8sagent_pod_start_seconds_sum ")
        .append(starts.total().toMillis() / 1000.0)
        .append('\n')
        .append("k8sagent_pod_start_seconds_count ")
        .append(starts.count())
        .append('\n');
    out.append("# HELP k8sagent_file_bytes_total File bytes transferred, by direction.\n")
        .append("# TYPE k8sagent_file_bytes_total counter\n")
        .append("k8sagent_file_bytes_total{direction=\"upload\"} ")
        .append(dispatcher.bytesUploaded())
        .append('\n')
        .append("k8sagent_file_bytes_total{direction=\"download\"} ")
        .append(dispatcher.bytesDownloaded())
        .append('\n');
    out.append(
            "# HELP k8sagent_storage_healthy Whether the shared volume answered the last probe.\n")
        .append("# TYPE k8sagent_storage_healthy gauge\n")
        .append("k8sagent_storage_healthy ")
        .append(storage.health() instanceof StorageHealth.Unhealthy ? 0 : 1)
        .append('\n');
    out.append("# HELP k8sagent_requests_total Requests answered, by service and method.\n")
        .append("# TYPE k8sagent_requests_total counter\n");
    dispatcher
        .requestCounts()
        .forEach(
            (what, count) -> {
              int dot = what.lastIndexOf('.');
              out.append("k8sagent_requests_total{service=\"")
                  .append(what, 0, dot)
                  .append("\",method=\"")
                  .append(what.substring(dot + 1))
                  .append("\"} ")
                  .append(count)
                  .append('\n');
            });
    out.append("# HELP k8sagent_uptime_seconds Seconds since the agent started.\n")
        .append("# TYPE k8sagent_uptime_seconds gauge\n")
        .append("k8sagent_uptime_seconds ")
        .append((System.nanoTime() - startedNanos) / 1_000_000_000L)
        .append('\n');
    return out.toString();
  }

  /** Connections polling now. */
  public int connectedCount() {
    return polling == null ? 0 : polling.connectedCount();
  }

  /** Stops taking requests, finishes those in flight, closes connections; pods keep running. */
  public void stop() {
    if (stopped.getCount() == 0) {
      return;
    }
    LOG.log(Level.INFO, "Stopping: finishing requests in flight, then closing connections");
    housekeeping.shutdownNow();
    if (polling != null) {
      polling.close();
    }
    pods.close();
    storage.close();
    if (health != null) {
      health.close();
    }
    stopped.countDown();
  }

  /** Blocks until {@link #stop()} has run. */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  Optional<PollingClient> polling() {
    return Optional.ofNullable(polling);
  }
}
