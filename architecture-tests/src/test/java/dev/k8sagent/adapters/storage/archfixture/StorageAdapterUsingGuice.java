package dev.k8sagent.adapters.storage.archfixture;

/** Breaks "only bootstrap uses Guice". */
public class StorageAdapterUsingGuice {
  public com.google.inject.Injector injector;
}
