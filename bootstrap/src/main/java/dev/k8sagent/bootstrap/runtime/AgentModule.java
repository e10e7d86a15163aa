package dev.k8sagent.bootstrap.runtime;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.k8sagent.adapters.k8s.ApiCalls;
import dev.k8sagent.adapters.k8s.FixedClusterInfo;
import dev.k8sagent.adapters.k8s.KubernetesClients;
import dev.k8sagent.adapters.k8s.KubernetesClusterInfo;
import dev.k8sagent.adapters.k8s.SecretAgentStateStore;
import dev.k8sagent.adapters.k8s.local.LocalProcessScriptPods;
import dev.k8sagent.adapters.k8s.pods.KubernetesScriptPods;
import dev.k8sagent.adapters.k8s.pods.ScriptPodSettings;
import dev.k8sagent.adapters.octopus.halibut.service.ServiceDispatcher;
import dev.k8sagent.adapters.octopus.identity.AgentIdentities;
import dev.k8sagent.adapters.octopus.identity.ServerAuthorities;
import dev.k8sagent.adapters.octopus.rest.HttpOctopusServerApi;
import dev.k8sagent.adapters.storage.DirectoryWorkspaces;
import dev.k8sagent.adapters.storage.FileAgentStateStore;
import dev.k8sagent.bootstrap.config.AgentSettings;
import dev.k8sagent.bootstrap.config.AgentVersion;
import dev.k8sagent.domain.version.KubernetesSupport;
import dev.k8sagent.ports.out.AgentStateStore;
import dev.k8sagent.ports.out.ClusterInfo;
import dev.k8sagent.ports.out.OctopusServerApi;
import dev.k8sagent.ports.out.ScriptPods;
import dev.k8sagent.ports.out.Workspaces;
import dev.k8sagent.ports.service.CleaningWorkspaces;
import dev.k8sagent.ports.service.DescribingCapabilities;
import dev.k8sagent.ports.service.ExecutionSettings;
import dev.k8sagent.ports.service.RunningScripts;
import dev.k8sagent.ports.service.TransferringFiles;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Wires the agent from its settings. Which adapters run is configuration: {@code
 * k8s-agent.pods=kubernetes} uses the cluster (script pods, version, state Secret), {@code local}
 * runs tasks as local processes with the state in a file. Nothing else changes.
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
    if (settings.pods() == AgentSettings.PodsMode.KUBERNETES) {
      install(new KubernetesAdapters());
    } else {
      install(new LocalAdapters());
    }
  }

  @Provides
  @Singleton
  Workspaces workspaces() {
    return new DirectoryWorkspaces(Path.of(settings.home()), settings.home());
  }

  @Provides
  @Singleton
  ExecutionSettings executionSettings() {
    Optional<ScriptPodSettings> pods = settings.podSettings();
    ExecutionSettings defaults = ExecutionSettings.defaults();
    return new ExecutionSettings(
        defaults.pendingPodTimeout(),
        defaults.missingEndMarkerGrace(),
        pods.map(p -> !p.autoCleanup()).orElse(false),
        false,
        pods.map(ScriptPodSettings::podEventsInTaskLog).orElse(true),
        defaults.maxLinesPerStatus(),
        KubernetesSupport.DEFAULT,
        Map.of("TentacleHome", settings.home()));
  }

  @Provides
  @Singleton
  RunningScripts scripts(
      Workspaces workspaces,
      ScriptPods pods,
      ClusterInfo cluster,
      ExecutionSettings execution,
      Clock clock) {
    return new RunningScripts(
        workspaces, pods, request -> Optional.empty(), cluster, execution, clock);
  }

  @Provides
  @Singleton
  CleaningWorkspaces cleaning(Workspaces workspaces, ScriptPods pods, Clock clock) {
    return new CleaningWorkspaces(workspaces, pods, clock);
  }

  @Provides
  @Singleton
  ServiceDispatcher dispatcher(RunningScripts scripts, Workspaces workspaces, ClusterInfo cluster) {
    return new ServiceDispatcher(
        scripts,
        new TransferringFiles(workspaces, settings.home()),
        new DescribingCapabilities(AgentVersion.current(), cluster));
  }

  @Provides
  @Singleton
  AgentIdentities identities(AgentStateStore store, Clock clock) {
    return new AgentIdentities(store, clock, new SecureRandom());
  }

  @Provides
  OctopusServerApi server() {
    return new HttpOctopusServerApi(
        settings.serverUrl().orElseThrow(),
        settings.credential().orElseThrow(),
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(30))
            .sslContext(
                ServerAuthorities.httpsContext(
                    ServerAuthorities.load(settings.serverCertificateFile())))
            .build(),
        Duration.ofSeconds(60));
  }

  /** The cluster the agent runs in. */
  private final class KubernetesAdapters extends AbstractModule {
    @Provides
    @Singleton
    KubernetesClients clients() {
      return KubernetesClients.fromEnvironment(environment, settings.kubeconfig());
    }

    @Provides
    @Singleton
    KubernetesScriptPods kubernetesPods(KubernetesClients clients, Clock clock) {
      return new KubernetesScriptPods(
          clients.client(),
          clients.watchClient(),
          settings.podSettings().orElseThrow(),
          clock,
          ApiCalls.standard(),
          Duration.ofSeconds(30),
          Duration.ofMinutes(10),
          Duration.ofSeconds(2));
    }

    @Provides
    ScriptPods pods(KubernetesScriptPods pods) {
      return pods;
    }

    @Provides
    AgentRuntime.PodsLifecycle lifecycle(KubernetesScriptPods pods) {
      return new AgentRuntime.PodsLifecycle() {
        @Override
        public void start() {
          pods.start();
        }

        @Override
        public void close() {
          pods.close(); // the pods keep running; the next agent picks them up
        }
      };
    }

    @Provides
    @Singleton
    ClusterInfo cluster(KubernetesClients clients, Clock clock) {
      return new KubernetesClusterInfo(clients.client(), clock, Duration.ofMinutes(10));
    }

    @Provides
    @Singleton
    AgentStateStore store(KubernetesClients clients) {
      return new SecretAgentStateStore(
          clients.client(),
          ApiCalls.standard(),
          settings.podSettings().orElseThrow().namespace(),
          settings.stateSecret());
    }
  }

  /** No cluster: tasks are local processes and the state is a file. */
  private final class LocalAdapters extends AbstractModule {
    @Provides
    @Singleton
    LocalProcessScriptPods localPods(Clock clock) {
      return new LocalProcessScriptPods(clock, Duration.ofSeconds(10));
    }

    @Provides
    ScriptPods pods(LocalProcessScriptPods pods) {
      return pods;
    }

    @Provides
    AgentRuntime.PodsLifecycle lifecycle(LocalProcessScriptPods pods) {
      return new AgentRuntime.PodsLifecycle() {
        @Override
        public void start() {}

        @Override
        public void close() {
          pods.close();
        }
      };
    }

    @Provides
    @Singleton
    ClusterInfo cluster() {
      return new FixedClusterInfo(Optional.empty());
    }

    @Provides
    @Singleton
    AgentStateStore store() {
      return new FileAgentStateStore(
          settings.stateFile().orElse(Path.of(settings.home(), ".k8s-agent", "state.properties")));
    }
  }
}
