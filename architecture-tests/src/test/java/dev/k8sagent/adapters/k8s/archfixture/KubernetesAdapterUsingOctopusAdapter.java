package dev.k8sagent.adapters.k8s.archfixture;

/** Breaks "adapters never import each other". */
public class KubernetesAdapterUsingOctopusAdapter {
  public dev.k8sagent.adapters.octopus.rest.HttpOctopusServerApi api;
}
