package dev.k8sagent.adapters.octopus.archfixture;

/** Breaks "only the Kubernetes adapter uses the Kubernetes client". */
public class OctopusAdapterUsingKubernetesClient {
  public io.kubernetes.client.openapi.ApiClient client;
}
