package dev.k8sagent.plugins.api.archfixture;

/** Breaks "the plugin API sees only ports, domain and PF4J". */
public class PluginApiUsingAdapter {
  public dev.k8sagent.adapters.k8s.FixedClusterInfo cluster;
}
