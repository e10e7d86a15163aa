package dev.k8sagent.adapters.octopus.archfixture;

/** Breaks "adapters never import each other". */
public class OctopusAdapterUsingStorage {
  public dev.k8sagent.adapters.storage.DirectoryWorkspaces workspaces;
}
