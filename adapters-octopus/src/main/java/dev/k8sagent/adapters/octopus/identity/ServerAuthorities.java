package dev.k8sagent.adapters.octopus.identity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The extra certificates a user trusts for the server's HTTPS endpoint: the PEM file the chart
 * mounts at {@value #DEFAULT_FILE} (chart value {@code agent.serverCertificate}), a CA or a
 * self-signed certificate, possibly several in one file. No file means no extra trust.
 */
public final class ServerAuthorities {
  public static final String DEFAULT_FILE = "/etc/ssl/certs/octopus-server-certificate.pem";

  private ServerAuthorities() {}

  /**
   * The certificates in {@code file}; empty when it does not exist.
   *
   * @throws IllegalArgumentException naming the file when it exists but holds no readable
   *     certificate
   */
  public static List<X509Certificate> load(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Cannot read the server certificate file " + file + ": " + e.getMessage(), e);
    }
    List<X509Certificate> certificates = new ArrayList<>();
    try (InputStream in = new java.io.ByteArrayInputStream(bytes)) {
      for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        certificates.add((X509Certificate) certificate);
      }
    } catch (CertificateException | IOException e) {
      throw new IllegalArgumentException(
          "The server certificate file "
              + file
              + " is not a PEM certificate (chart value agent.serverCertificate must be the"
              + " base64 of a PEM file): "
              + e.getMessage(),
          e);
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException(
          "The server certificate file " + file + " holds no certificate");
    }
    return List.copyOf(certificates);
  }

  /**
   * A TLS context for HTTPS calls to the server ({@code ServerUrl}): the JDK's trusted CAs, and
   * also {@code extra} (a private CA or a self-signed server certificate). Host names are checked
   * as usual either way.
   */
  public static javax.net.ssl.SSLContext httpsContext(List<X509Certificate> extra) {
    try {
      javax.net.ssl.X509ExtendedTrustManager jdk = trustManager(null);
      javax.net.ssl.X509ExtendedTrustManager mine = extra.isEmpty() ? null : trustManager(extra);
      javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
      context.init(
          null,
          new javax.net.ssl.TrustManager[] {mine == null ? jdk : new EitherTrustManager(jdk, mine)},
          null);
      return context;
    } catch (java.security.GeneralSecurityException | IOException e) {
      throw new IllegalStateException(
          "Cannot set up TLS for the server's API: " + e.getMessage(), e);
    }
  }

  private static javax.net.ssl.X509ExtendedTrustManager trustManager(List<X509Certificate> anchors)
      throws java.security.GeneralSecurityException, IOException {
    java.security.KeyStore store = null;
    if (anchors != null) {
      store = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
      store.load(null, null);
      for (int i = 0; i < anchors.size(); i++) {
        store.setCertificateEntry("server-" + i, anchors.get(i));
      }
    }
    javax.net.ssl.TrustManagerFactory factory =
        javax.net.ssl.TrustManagerFactory.getInstance(
            javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    for (javax.net.ssl.TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof javax.net.ssl.X509ExtendedTrustManager extended) {
        return extended;
      }
    }
    throw new IllegalStateException("The JDK offers no X.509 trust manager");
  }

  /** Trusts a server either trust manager trusts; client checks are not its business. */
  private static final class EitherTrustManager extends javax.net.ssl.X509ExtendedTrustManager {
    private final javax.net.ssl.X509ExtendedTrustManager first;
    private final javax.net.ssl.X509ExtendedTrustManager second;

    EitherTrustManager(
        javax.net.ssl.X509ExtendedTrustManager first,
        javax.net.ssl.X509ExtendedTrustManager second) {
      this.first = first;
      this.second = second;
    }

    private interface Check {
      void run(javax.net.ssl.X509ExtendedTrustManager manager) throws CertificateException;
    }

    private void either(Check check) throws CertificateException {
      try {
        check.run(first);
      } catch (CertificateException e) {
        try {
          check.run(second);
        } catch (CertificateException alsoRefused) {
          e.addSuppressed(alsoRefused);
          throw e;
        }
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket socket)
        throws CertificateException {
      either(m -> m.checkServerTrusted(chain, authType, socket));
    }

    @Override
    public void checkServerTrusted(
        X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine)
        throws CertificateException {
      either(m -> m.checkServerTrusted(chain, authType, engine));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      either(m -> m.checkServerTrusted(chain, authType));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket socket)
        throws CertificateException {
      throw new CertificateException("Not a server");
    }

    @Override
    public void checkClientTrusted(
        X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("Not a server");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("Not a server");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      X509Certificate[] a = first.getAcceptedIssuers();
      X509Certificate[] b = second.getAcceptedIssuers();
      X509Certificate[] all = java.util.Arrays.copyOf(a, a.length + b.length);
      System.arraycopy(b, 0, all, a.length, b.length);
      return all;
    }
  }
}
