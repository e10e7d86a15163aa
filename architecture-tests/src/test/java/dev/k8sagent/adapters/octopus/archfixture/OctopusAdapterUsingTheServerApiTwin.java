package dev.k8sagent.adapters.octopus.archfixture;

/** Breaks "only the demo uses the server simulator": the adapter reading the in-memory server. */
public class OctopusAdapterUsingTheServerApiTwin {
  public dev.k8sagent.adapters.octopus.InMemoryOctopusServerApi api;
}
