package dev.k8sagent.bootstrap.plugins;

import dev.k8sagent.domain.image.ContainerImage;
import dev.k8sagent.domain.version.SemanticVersion;
import dev.k8sagent.plugins.api.ToolingImageProvider;
import dev.k8sagent.plugins.api.ToolingImageProviders;
import dev.k8sagent.ports.out.ImageRequest;
import dev.k8sagent.ports.out.ToolingImages;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginManager;
import org.pf4j.PluginWrapper;

/**
 * The plugins of one folder, from {@link #start()} to {@link #close()}. The agent's version is the
 * system version, so a plugin whose {@code Plugin-Requires} it does not meet is refused (a
 * pre-release build counts as its release). Only the plugins' own extensions are used, in plugin
 * order, never those on the agent's class path. As {@link ToolingImages}, the first plugin with an
 * opinion wins; before start, after close, or with no plugins, there is no opinion.
 */
public final class PluginHost implements ToolingImages, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(PluginHost.class.getName());

  private final Path folder;
  private final SemanticVersion agentVersion;
  private PluginManager manager;
  private volatile ToolingImages images = request -> Optional.empty();

  public PluginHost(Path folder, SemanticVersion agentVersion) {
    this.folder = folder;
    this.agentVersion = agentVersion;
  }

  /** Loads and starts the plugins in the folder; an absent folder means no plugins. */
  public synchronized void start() {
    if (!Files.isDirectory(folder)) {
      LOG.log(Level.INFO, "No plugins: " + folder.toAbsolutePath() + " is not a folder");
      return;
    }
    manager = new DefaultPluginManager(folder);
    manager.setSystemVersion(
        SemanticVersion.of(agentVersion.major(), agentVersion.minor(), agentVersion.patch())
            .toString());
    manager.loadPlugins();
    manager.startPlugins();
    List<ToolingImageProvider> providers = new ArrayList<>();
    for (PluginWrapper plugin : manager.getPlugins()) {
      if (plugin.getPluginState().isStarted()) {
        List<ToolingImageProvider> offered =
            manager.getExtensions(ToolingImageProvider.class, plugin.getPluginId());
        providers.addAll(offered);
        LOG.log(
            Level.INFO,
            "Plugin "
                + plugin.getPluginId()
                + " "
                + plugin.getDescriptor().getVersion()
                + " started with "
                + offered.size()
                + " image provider(s)");
      } else {
        LOG.log(
            Level.WARNING,
            "Plugin "
                + plugin.getPluginId()
                + " from "
                + plugin.getPluginPath().getFileName()
                + " is not used: it is "
                + plugin.getPluginState()
                + " (it asks for agent version '"
                + plugin.getDescriptor().getRequires()
                + "', this agent is "
                + agentVersion
                + ")");
      }
    }
    images =
        new ToolingImageProviders(providers, (request, problem) -> LOG.log(Level.WARNING, problem));
  }

  @Override
  public Optional<ContainerImage> imageFor(ImageRequest request) {
    return images.imageFor(request);
  }

  /** The ids of the plugins running now. */
  public synchronized List<String> started() {
    return manager == null
        ? List.of()
        : manager.getStartedPlugins().stream().map(PluginWrapper::getPluginId).toList();
  }

  /** Stops and unloads the plugins; their extensions are no longer offered. */
  @Override
  public synchronized void close() {
    images = request -> Optional.empty();
    if (manager != null) {
      // one by one, last started first: PF4J's stopPlugins() and unloadPlugins() change the
      // lists they walk
      List<String> ids =
          new ArrayList<>(manager.getPlugins().stream().map(PluginWrapper::getPluginId).toList());
      Collections.reverse(ids);
      for (String id : ids) {
        if (manager.getPlugin(id).getPluginState().isStarted()) {
          manager.stopPlugin(id);
        }
        manager.unloadPlugin(id);
      }
      manager = null;
    }
  }
}
