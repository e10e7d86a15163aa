package dev.k8sagent.bootstrap.archfixture;

/** Breaks "plugins are loaded only by the plugin host": wiring that makes a plugin manager. */
public class WiringLoadingPlugins {
  public org.pf4j.PluginManager plugins;
}
