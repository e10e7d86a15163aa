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
import dev.k8sagent.ports.out.FileStore;
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
      dev.k8sagent.ports.out.ToolingImages images,
      Workspaces workspaces,
      ScriptPods pods,
      ClusterInfo cluster,
      ExecutionSettings execution,
      Clock clock) {
    return new RunningScripts(workspaces, pods, images, cluster, execution, clock);
  }

  @Provides
  @Singleton
  CleaningWorkspaces cleaning(Workspaces workspaces, ScriptPods pods, Clock clock) {
    return new CleaningWorkspaces(workspaces, pods, clock);
  }

  @Provides
  @Singleton
  ServiceDispatcher dispatcher(RunningScripts scripts, FileStore files, ClusterInfo cluster) {
    return new ServiceDispatcher(
        scripts,
        new TransferringFiles(files, settings.home()),
        new DescribingCapabilities(AgentVersion.current(), cluster));
  }

  /**
   * The image opinions of the plugin jars in {@code k8s-agent.plugins-directory}, first offer wins;
   * with no plugins every task gets the tools image matched to the cluster.
   */
  @Provides
  @Singleton
  dev.k8sagent.ports.out.ToolingImages toolingImages() {
    java.nio.file.Path folder = settings.pluginsDirectory();
    java.util.List<dev.k8sagent.plugins.api.ToolingImageProvider> providers = java.util.List.of();
    if (java.nio.file.Files.isDirectory(folder)) {
      org.pf4j.PluginManager plugins = new org.pf4j.DefaultPluginManager(folder);
      plugins.loadPlugins();
      plugins.startPlugins();
      // only the plugins' own extensions, in plugin order; never the agent's class path
      java.util.List<dev.k8sagent.plugins.api.ToolingImageProvider> found =
          new java.util.ArrayList<>();
      for (org.pf4j.PluginWrapper plugin : plugins.getStartedPlugins()) {
        found.addAll(
            plugins.getExtensions(
                dev.k8sagent.plugins.api.ToolingImageProvider.class, plugin.getPluginId()));
      }
      providers = found;
      LOG.log(
          System.Logger.Level.INFO,
          "Loaded "
              + plugins.getStartedPlugins().size()
              + " plugin(s) from "
              + folder.toAbsolutePath()
              + " with "
              + providers.size()
              + " image provider(s)");
    }
    return new dev.k8sagent.plugins.api.ToolingImageProviders(
        providers, (request, problem) -> LOG.log(System.Logger.Level.WARNING, problem));
  }

  private static final System.Logger LOG = System.getLogger(CoreModule.class.getName());
}
