package dev.k8sagent.domain.archfixture;

/** Breaks "domain depends only on the JDK": knows about a port. */
public class DomainUsingPorts {
  public dev.k8sagent.ports.out.ClusterInfo cluster;
}
