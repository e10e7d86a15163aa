package dev.k8sagent.adapters.storage.archfixture;

/** Breaks "adapters never import bootstrap". */
public class StorageAdapterUsingBootstrap {
  public dev.k8sagent.bootstrap.Cli cli;
}
