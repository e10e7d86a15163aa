package dev.k8sagent.ports.archfixture;

/** Breaks "ports depend only on the domain": javax beyond javax.crypto is not allowed. */
public class PortUsingJavaxNet {
  public javax.net.ssl.SSLContext context;
}
