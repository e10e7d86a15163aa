package dev.k8sagent.bootstrap.archfixture;

/**
 * Breaks "plugin values reach the agent only through the plugin host": wiring that hands a plugin's
 * pod model around itself instead of the core's ports.
 */
public class RuntimeUsingPluginValues {
  public dev.k8sagent.plugins.api.ScriptPod pod;
}
