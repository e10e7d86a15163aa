package dev.k8sagent.bootstrap.runtime;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.k8sagent.adapters.k8s.pods.ScriptPodSettings;
import dev.k8sagent.adapters.octopus.halibut.service.ServiceDispatcher;
import dev.k8sagent.bootstrap.config.AgentSettings;
import dev.k8sagent.bootstrap.config.AgentVersion;
import dev.k8sagent.domain.version.KubernetesSupport;
import dev.k8sagent.ports.out.ClusterInfo;
import dev.k8sagent.ports.out.ScriptPods;
import dev.k8sagent.ports.out.Workspaces;
import dev.k8sagent.ports.service.CleaningWorkspaces;
import dev.k8sagent.ports.service.DescribingCapabilities;
import dev.k8sagent.ports.service.ExecutionSettings;
import dev.k8sagent.ports.service.RunningScripts;
import dev.k8sagent.ports.service.TransferringFiles;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/** The use cases of the core and the service dispatcher in front of them. */
final class CoreModule extends AbstractModule {
  private final AgentSettings settings;

  CoreModule(AgentSettings settings) {
    this.settings = settings;
  }

  @Provides
  @Singleton
  ExecutionSettings executionSettings() {
    Optional<ScriptPodSettings> pods = settings.podSettings();
    ExecutionSettings defaults = ExecutionSettings.defaults();
    return new ExecutionSettings(
        settings.pendingPodTimeout(),
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
}
