package dev.k8sagent.plugins.api.archfixture;

/** Breaks "the plugin API sees only PF4J and the JDK": an API type exposing a core type. */
public class PluginApiUsingPorts {
  public dev.k8sagent.ports.out.ImageRequest request;
}
