package dev.k8sagent.domain.archfixture;

/** Breaks "domain depends only on the JDK": reaches for javax. */
public class DomainUsingJavax {
  public Object context() throws Exception {
    return javax.net.ssl.SSLContext.getDefault();
  }
}
