package dev.k8sagent.ports.archfixture;

/** Breaks "ports depend only on the domain": uses an adapter class. */
public class PortUsingAdapter {
  public dev.k8sagent.adapters.storage.DirectoryWorkspaces store = null;
}
