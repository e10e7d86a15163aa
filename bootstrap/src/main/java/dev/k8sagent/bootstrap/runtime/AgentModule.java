package dev.k8sagent.bootstrap.runtime;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Provider;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.Stage;
import dev.k8sagent.bootstrap.config.AgentSettings;
import dev.k8sagent.bootstrap.config.PodSettings;
import dev.k8sagent.bootstrap.health.AgentMetrics;
import dev.k8sagent.bootstrap.health.HealthServer;
import dev.k8sagent.bootstrap.health.PrometheusMetrics;
import java.time.Clock;
import java.util.Map;

/**
 * Wires the agent from its settings, one module per part: the core, storage, the Octopus side, and
 * either the cluster ({@code k8s-agent.pods=kubernetes}: script pods, version, state Secret) or
 * local processes with the state in a file ({@code local}). Which adapters run is configuration,
 * chosen here and nowhere else. Modules only bind: nothing starts until {@link AgentRuntime#start}.
 */
public final class AgentModule extends AbstractModule {
  private final AgentSettings settings;
  private final Map<String, String> environment;

  public AgentModule(AgentSettings settings, Map<String, String> environment) {
    this.settings = settings;
    this.environment = Map.copyOf(environment);
  }

  /**
   * The agent's injector: every binding explicit, no circular proxies, and every singleton built up
   * front, so a wiring mistake fails here rather than halfway through a start.
   */
  public static Injector injector(AgentSettings settings, Map<String, String> environment) {
    return Guice.createInjector(Stage.PRODUCTION, new AgentModule(settings, environment));
  }

  @Override
  protected void configure() {
    binder().requireExplicitBindings();
    binder().disableCircularProxies();
    bind(AgentSettings.class).toInstance(settings);
    bind(Clock.class).toInstance(Clock.systemUTC());
    bind(AgentRuntime.class).in(Singleton.class);
    bind(Registration.class).in(Singleton.class);
    bind(Polling.class).in(Singleton.class);
    bind(Readiness.class).in(Singleton.class);
    bind(Housekeeping.class).in(Singleton.class);
    bind(ConditionWatch.class).in(Singleton.class);
    bind(AgentMetrics.class).to(RuntimeMetrics.class);
    bind(RuntimeMetrics.class).in(Singleton.class);
    install(new CoreModule());
    install(new StorageModule());
    install(new OctopusModule());
    if (settings.pods().mode() == PodSettings.PodsMode.KUBERNETES) {
      install(new KubernetesModule(environment));
    } else {
      install(new LocalModule());
    }
  }

  @Provides
  @Singleton
  PrometheusMetrics metrics(Provider<AgentMetrics> figures) {
    return new PrometheusMetrics(figures::get);
  }

  @Provides
  @Singleton
  HealthServer health(Readiness readiness, PrometheusMetrics metrics) {
    return new HealthServer(readiness::notReady, metrics::scrape);
  }
}
