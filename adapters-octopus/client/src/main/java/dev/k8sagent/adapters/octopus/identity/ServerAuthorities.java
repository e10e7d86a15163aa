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

  /** What an error about a server certificate the agent does not trust tells the operator to do. */
  public static final String HOW_TO_TRUST =
      "if it is signed by a private CA or self-signed, give it to the agent with the chart value"
          + " agent.serverCertificate";

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

  /**
   * The thumbprint of the certificate an HTTPS endpoint presents: what a {@code wss://} polling
   * address is pinned to, learnt once while registering (Halibut pins the HTTPS certificate there,
   * not the server's own). The chain and host name are checked against the JDK's CAs and {@code
   * extra}, so nothing unverified is pinned.
   *
   * @throws IllegalStateException saying how to make the certificate verifiable when it is not
   */
  public static dev.k8sagent.domain.target.Thumbprint presentedThumbprint(
      java.net.URI address, List<X509Certificate> extra, java.time.Duration timeout) {
    String host = address.getHost();
    int port = address.getPort() > 0 ? address.getPort() : 443;
    try (javax.net.ssl.SSLSocket socket =
        (javax.net.ssl.SSLSocket) httpsContext(extra).getSocketFactory().createSocket()) {
      socket.connect(new java.net.InetSocketAddress(host, port), (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      javax.net.ssl.SSLParameters parameters = socket.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      if (!host.matches("[0-9.]+") && !host.contains(":")) {
        parameters.setServerNames(List.of(new javax.net.ssl.SNIHostName(host)));
      }
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      return AgentCertificates.thumbprint(
          (X509Certificate) socket.getSession().getPeerCertificates()[0]);
    } catch (javax.net.ssl.SSLException e) {
      throw new IllegalStateException(
          "The certificate of "
              + address
              + " cannot be verified ("
              + e.getMessage()
              + "); "
              + HOW_TO_TRUST,
          e);
    } catch (IOException e) {
      throw new IllegalStateException(
          "Cannot reach " + address + " to learn its certificate: " + e.getMessage(), e);
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
      } catch (RuntimeException noCaBundle) {
        // a JDK without a CA bundle throws (no trust anchors) instead of refusing
        check.run(second);
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
