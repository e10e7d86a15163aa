package dev.k8sagent.bootstrap.runtime;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import dev.k8sagent.bootstrap.config.AgentSettings;
import java.time.Clock;
import java.util.Map;

/**
 * Wires the agent from its settings, one module per part: the core, storage, the Octopus side, and
 * either the cluster ({@code k8s-agent.pods=kubernetes}: script pods, version, state Secret) or
 * local processes with the state in a file ({@code local}). Which adapters run is configuration.
 */
public final class AgentModule extends AbstractModule {
  private final AgentSettings settings;
  private final Map<String, String> environment;

  public AgentModule(AgentSettings settings, Map<String, String> environment) {
    this.settings = settings;
    this.environment = Map.copyOf(environment);
  }

  @Override
  protected void configure() {
    bind(AgentSettings.class).toInstance(settings);
    bind(Clock.class).toInstance(Clock.systemUTC());
    bind(AgentRuntime.class).in(Singleton.class);
    install(new CoreModule(settings));
    install(new StorageModule(settings));
    install(new OctopusModule(settings));
    if (settings.pods() == AgentSettings.PodsMode.KUBERNETES) {
      install(new KubernetesModule(settings, environment));
    } else {
      install(new LocalModule(settings));
    }
  }
}
