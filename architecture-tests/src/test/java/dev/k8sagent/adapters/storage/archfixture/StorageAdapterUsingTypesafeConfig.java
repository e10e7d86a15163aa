package dev.k8sagent.adapters.storage.archfixture;

/** Breaks "only bootstrap uses Typesafe Config". */
public class StorageAdapterUsingTypesafeConfig {
  public com.typesafe.config.Config config;
}
