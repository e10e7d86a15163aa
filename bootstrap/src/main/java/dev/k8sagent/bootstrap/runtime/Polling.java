package dev.k8sagent.bootstrap.runtime;

import dev.k8sagent.adapters.octopus.halibut.polling.ConnectionListener;
import dev.k8sagent.adapters.octopus.halibut.polling.PollingClient;
import dev.k8sagent.adapters.octopus.halibut.polling.PollingSettings;
import dev.k8sagent.adapters.octopus.halibut.service.ServiceDispatcher;
import dev.k8sagent.adapters.octopus.identity.ServerAuthorities;
import dev.k8sagent.bootstrap.config.AgentSettings;
import dev.k8sagent.bootstrap.config.ServerPollingSettings;
import dev.k8sagent.bootstrap.health.PrometheusMetrics;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The polling connections to the server. The client is made at start, not by the injector, because
 * it needs what registration learnt: the agent's identity, its subscription and the server
 * certificates it trusts.
 */
final class Polling implements AutoCloseable {
  private final ServerPollingSettings settings;
  private final ServiceDispatcher dispatcher;
  private final ConnectionListener listener;
  private final CountDownLatch firstIdentified;
  private volatile PollingClient client;
  private volatile SpoolDirectory spool;

  @Inject
  Polling(
      AgentSettings settings,
      ServiceDispatcher dispatcher,
      PrometheusMetrics metrics,
      AgentEvents events) {
    this.settings = settings.polling();
    this.dispatcher = dispatcher;
    this.firstIdentified =
        new CountDownLatch(this.settings.addresses().size() * this.settings.connections());
    ConnectionEvents told = new ConnectionEvents(metrics, events);
    this.listener =
        new ConnectionListener() {
          @Override
          public void identified(URI address) {
            firstIdentified.countDown();
            told.identified(address);
          }

          @Override
          public void dropped(URI address, DropReason reason) {
            told.dropped(address, reason);
          }
        };
  }

  void start(Registration.Registered registered) {
    spool = SpoolDirectory.create(Path.of(System.getProperty("java.io.tmpdir")));
    PollingClient polling =
        new PollingClient(
            new PollingSettings(
                settings.addresses(),
                settings.connections(),
                registered.subscription(),
                PollingSettings.DEFAULT_MAX_MESSAGE_BYTES,
                settings.maxStreamBytes(),
                Duration.ofSeconds(60),
                Duration.ofSeconds(60),
                Duration.ofSeconds(5),
                Duration.ofSeconds(120),
                spool.path(),
                settings.proxy(),
                ServerAuthorities.load(settings.certificateFile())),
            registered.identity(),
            registered::trusted,
            dispatcher,
            settings.stack(),
            listener);
    polling.start();
    client = polling;
  }

  /**
   * Waits until as many connections have identified themselves to the server as are configured (a
   * connection made again counts again), at most {@code limit}.
   *
   * @return whether they have
   */
  boolean awaitConnections(Duration limit) throws InterruptedException {
    return firstIdentified.await(limit.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Connections polling now. */
  int connectedCount() {
    PollingClient polling = client;
    return polling == null ? 0 : polling.connectedCount();
  }

  @Override
  public void close() {
    PollingClient polling = client;
    if (polling != null) {
      polling.close();
    }
    SpoolDirectory directory = spool;
    if (directory != null) {
      directory.close();
    }
  }
}
