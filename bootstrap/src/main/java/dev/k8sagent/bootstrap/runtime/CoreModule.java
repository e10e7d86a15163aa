package dev.k8sagent.bootstrap.runtime;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.k8sagent.adapters.k8s.pods.ScriptPodSettings;
import dev.k8sagent.adapters.octopus.halibut.service.ServiceDispatcher;
import dev.k8sagent.bootstrap.config.AgentSettings;
import dev.k8sagent.bootstrap.config.AgentVersion;
import dev.k8sagent.bootstrap.health.PrometheusMetrics;
import dev.k8sagent.bootstrap.plugins.PluginHost;
import dev.k8sagent.domain.files.RelativePath;
import dev.k8sagent.domain.version.KubernetesSupport;
import dev.k8sagent.ports.out.ClusterInfo;
import dev.k8sagent.ports.out.FileStore;
import dev.k8sagent.ports.out.PodCustomizers;
import dev.k8sagent.ports.out.ScriptPods;
import dev.k8sagent.ports.out.TaskObservers;
import dev.k8sagent.ports.out.ToolingImages;
import dev.k8sagent.ports.out.Workspaces;
import dev.k8sagent.ports.service.CleaningWorkspaces;
import dev.k8sagent.ports.service.DescribingCapabilities;
import dev.k8sagent.ports.service.ExecutionSettings;
import dev.k8sagent.ports.service.RunningScripts;
import dev.k8sagent.ports.service.TransferringFiles;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The use cases of the core, the service dispatcher in front of them, and the plugin host. */
final class CoreModule extends AbstractModule {
  @Provides
  @Singleton
  ExecutionSettings executionSettings(AgentSettings settings) {
    Optional<ScriptPodSettings> pods = settings.pods().scriptPods();
    ExecutionSettings defaults = ExecutionSettings.defaults();
    return new ExecutionSettings(
        settings.pods().pendingTimeout(),
        defaults.missingEndMarkerGrace(),
        pods.map(p -> !p.autoCleanup()).orElse(false),
        false,
        pods.map(ScriptPodSettings::podEventsInTaskLog).orElse(true),
        defaults.maxLinesPerStatus(),
        KubernetesSupport.DEFAULT,
        Map.of("TentacleHome", settings.storage().home()),
        settings.pods().maxRunningTasks());
  }

  @Provides
  @Singleton
  RunningScripts scripts(
      ToolingImages images,
      PodCustomizers customizers,
      TaskObservers observers,
      Workspaces workspaces,
      ScriptPods pods,
      ClusterInfo cluster,
      ExecutionSettings execution,
      Clock clock) {
    // one thread launches tasks handed a slot or mutex, so the call that freed it answers at once
    ExecutorService launcher =
        Executors.newSingleThreadExecutor(
            run -> {
              Thread thread = new Thread(run, "k8s-agent-task-launcher");
              thread.setDaemon(true);
              return thread;
            });
    return new RunningScripts(
        workspaces, pods, images, customizers, observers, cluster, execution, clock, launcher);
  }

  @Provides
  @Singleton
  CleaningWorkspaces cleaning(Workspaces workspaces, ScriptPods pods, Clock clock) {
    return new CleaningWorkspaces(workspaces, pods, clock);
  }

  @Provides
  @Singleton
  TransferringFiles files(FileStore files, AgentSettings settings) {
    // the state file, when configured below the home, is the agent's own like .k8s-agent/
    String home = settings.storage().home();
    Path homePath = Path.of(home).toAbsolutePath().normalize();
    List<RelativePath> own = new ArrayList<>();
    settings
        .storage()
        .stateFile()
        .map(file -> file.toAbsolutePath().normalize())
        .filter(file -> file.startsWith(homePath) && !file.equals(homePath))
        .ifPresent(file -> own.add(RelativePath.parse(homePath.relativize(file).toString())));
    return new TransferringFiles(files, home, own);
  }

  @Provides
  @Singleton
  DescribingCapabilities capabilities(ClusterInfo cluster) {
    return new DescribingCapabilities(AgentVersion.current(), cluster);
  }

  @Provides
  @Singleton
  ServiceDispatcher dispatcher(
      RunningScripts scripts,
      TransferringFiles files,
      DescribingCapabilities capabilities,
      PrometheusMetrics metrics,
      AgentEvents events,
      Clock clock) {
    return new ServiceDispatcher(
        new ObservedScriptExecution(scripts, metrics, events, clock), files, capabilities);
  }

  /** The plugins of {@code k8s-agent.plugins-directory}, loaded when the agent starts. */
  @Provides
  @Singleton
  PluginHost plugins(AgentSettings settings) {
    return new PluginHost(
        settings
            .plugins()
            .hostOptions(
                AgentVersion.current(), settings.registration().target().targetTags().names()));
  }

  /** The image opinions of the plugins, first offer wins; none means the cluster's tools image. */
  @Provides
  @Singleton
  ToolingImages toolingImages(PluginHost plugins) {
    return plugins;
  }

  /** The plugins' pod customizers, their answers checked by the host before the core uses them. */
  @Provides
  @Singleton
  PodCustomizers podCustomizers(PluginHost plugins) {
    return plugins;
  }

  /** The plugins' task observers, told on the host's own thread. */
  @Provides
  @Singleton
  TaskObservers taskObservers(PluginHost plugins) {
    return plugins;
  }
}
