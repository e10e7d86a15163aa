package dev.k8sagent.adapters.octopus.halibut.netty;

import dev.k8sagent.adapters.octopus.identity.AgentCertificates;
import dev.k8sagent.adapters.octopus.identity.LoadedIdentity;
import dev.k8sagent.domain.target.Thumbprint;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS as Halibut does it: each side always presents its own certificate (whatever CA list the peer
 * advertises, which a default JSSE key manager would obey), and the server is accepted only when
 * its certificate's SHA-1 thumbprint is trusted. Chain, expiry and host name are not what
 * authenticates it. TLS 1.2 and 1.3, with the JDK's engine or OpenSSL's ({@link TlsEngine}): the
 * same key manager and trust managers decide either way.
 */
public final class Tls {
  private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
  private static final String ALIAS = "k8s-agent";

  private Tls() {}

  /**
   * A handler for connecting to {@code host} with {@code engine}, as {@link #clientEngine}
   * describes.
   */
  public static SslHandler clientHandler(
      TlsEngine engine,
      ByteBufAllocator allocator,
      LoadedIdentity identity,
      Supplier<Set<Thumbprint>> trusted,
      List<X509Certificate> authorities,
      String host,
      int port) {
    if (engine == TlsEngine.JDK) {
      return jdkHandler(clientEngine(identity, trusted, authorities, host, port));
    }
    PinningTrustManager trust = new PinningTrustManager(trusted, authorityTrust(authorities));
    SslContext context =
        openSsl(
            SslContextBuilder.forClient()
                .keyManager(new AlwaysPresentKeyManager(identity))
                .trustManager(trust)
                // read only by the authority check: a pinned thumbprint needs no host name
                .endpointIdentificationAlgorithm(authorities.isEmpty() ? null : "HTTPS"));
    // OpenSSL's engine sends SNI for a host name (not for an IP literal) by itself
    return context.newHandler(allocator, host, port);
  }

  /** A handler for the server side with {@code engine}, as {@link #serverEngine} describes. */
  public static SslHandler serverHandler(
      TlsEngine engine, ByteBufAllocator allocator, LoadedIdentity identity) {
    if (engine == TlsEngine.JDK) {
      return jdkHandler(serverEngine(identity));
    }
    return openSsl(
            SslContextBuilder.forServer(new AlwaysPresentKeyManager(identity))
                .trustManager(new AnyClientTrustManager())
                .clientAuth(ClientAuth.REQUIRE))
        .newHandler(allocator);
  }

  /** The JDK's engine, fed heap buffers ({@link HeapCumulator} says why). */
  private static SslHandler jdkHandler(SSLEngine engine) {
    SslHandler handler = new SslHandler(engine);
    handler.setCumulator(HeapCumulator.INSTANCE);
    return handler;
  }

  private static SslContext openSsl(SslContextBuilder builder) {
    try {
      return builder.sslProvider(SslProvider.OPENSSL).protocols(PROTOCOLS).build();
    } catch (javax.net.ssl.SSLException e) {
      throw new IllegalStateException("Cannot set up OpenSSL TLS: " + e.getMessage(), e);
    }
  }

  /**
   * An engine for connecting to {@code host}, with SNI, trusting {@code trusted} servers by
   * thumbprint, and also a server whose chain leads to one of {@code authorities} and whose
   * certificate names {@code host}: for an HTTPS endpoint (WebSocket polling) behind a CA the user
   * trusts, where the certificate may be renewed without a new thumbprint.
   */
  public static SSLEngine clientEngine(
      LoadedIdentity identity,
      Supplier<Set<Thumbprint>> trusted,
      List<X509Certificate> authorities,
      String host,
      int port) {
    SSLEngine engine =
        context(identity, new PinningTrustManager(trusted, authorityTrust(authorities)))
            .createSSLEngine(host, port);
    engine.setUseClientMode(true);
    engine.setEnabledProtocols(PROTOCOLS);
    SSLParameters parameters = engine.getSSLParameters();
    if (!isIpLiteral(host)) {
      parameters.setServerNames(List.of(new SNIHostName(host)));
    }
    if (!authorities.isEmpty()) {
      // read only by the authority check: a pinned thumbprint needs no host name
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
    }
    engine.setSSLParameters(parameters);
    return engine;
  }

  private static Optional<X509ExtendedTrustManager> authorityTrust(
      List<X509Certificate> authorities) {
    if (authorities.isEmpty()) {
      return Optional.empty();
    }
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      for (int i = 0; i < authorities.size(); i++) {
        store.setCertificateEntry("authority-" + i, authorities.get(i));
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
      factory.init(store);
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509ExtendedTrustManager extended) {
          return Optional.of(extended);
        }
      }
      throw new IllegalStateException("The JDK offers no PKIX trust manager");
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("Cannot set up the server authorities: " + e.getMessage(), e);
    }
  }

  /**
   * A server engine that requires a client certificate but accepts any at TLS level; the caller
   * checks its thumbprint after the preamble, as Octopus Server does.
   */
  public static SSLEngine serverEngine(LoadedIdentity identity) {
    SSLEngine engine = context(identity, new AnyClientTrustManager()).createSSLEngine();
    engine.setUseClientMode(false);
    engine.setNeedClientAuth(true);
    engine.setEnabledProtocols(PROTOCOLS);
    return engine;
  }

  private static SSLContext context(LoadedIdentity identity, X509ExtendedTrustManager trust) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          new javax.net.ssl.KeyManager[] {new AlwaysPresentKeyManager(identity)},
          new javax.net.ssl.TrustManager[] {trust},
          new SecureRandom());
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot set up TLS: " + e.getMessage(), e);
    }
  }

  private static boolean isIpLiteral(String host) {
    return host.matches("[0-9.]+") || host.contains(":");
  }

  /** Always offers the one identity, whatever issuers the peer asks for. */
  private static final class AlwaysPresentKeyManager extends X509ExtendedKeyManager {
    private final LoadedIdentity identity;

    AlwaysPresentKeyManager(LoadedIdentity identity) {
      this.identity = identity;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return new String[] {ALIAS};
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return ALIAS;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
      return ALIAS;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return new String[] {ALIAS};
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return ALIAS;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      return ALIAS;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return new X509Certificate[] {identity.certificate()};
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return identity.privateKey();
    }
  }

  /**
   * A trust manager decided by its two plain checks: the socket and engine variants ask the same
   * question, since no hostname or algorithm constraints apply to a thumbprint.
   */
  private abstract static class ThumbprintTrustManager extends X509ExtendedTrustManager {
    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      checkServerTrusted(chain, authType);
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      checkClientTrusted(chain, authType);
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      checkClientTrusted(chain, authType);
    }

    @Override
    public final X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  /**
   * Accepts the server by thumbprint, or (when authorities are configured) by a chain to one of
   * them that names the host; refuses everything else naming both thumbprints.
   */
  static final class PinningTrustManager extends ThumbprintTrustManager {
    private final Supplier<Set<Thumbprint>> trusted;
    private final Optional<X509ExtendedTrustManager> authorities;

    PinningTrustManager(
        Supplier<Set<Thumbprint>> trusted, Optional<X509ExtendedTrustManager> authorities) {
      this.trusted = trusted;
      this.authorities = authorities;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      check(chain, authType, null);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      check(chain, authType, engine);
    }

    private void check(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      if (chain == null || chain.length == 0) {
        throw new CertificateException("The server presented no certificate");
      }
      Thumbprint presented = AgentCertificates.thumbprint(chain[0]);
      Set<Thumbprint> expected = trusted.get();
      if (expected.contains(presented)) {
        return;
      }
      String authorityVerdict = "";
      if (authorities.isPresent()) {
        try {
          if (engine != null) {
            authorities.get().checkServerTrusted(chain, authType, engine);
          } else {
            authorities.get().checkServerTrusted(chain, authType);
          }
          return;
        } catch (CertificateException e) {
          authorityVerdict =
              ", and it is not vouched for by the server certificate file (" + e.getMessage() + ")";
        }
      }
      throw new CertificateException(
          "The server presented a certificate with thumbprint "
              + presented
              + " but this agent trusts "
              + (expected.isEmpty() ? "no server yet" : expected)
              + authorityVerdict
              + "; refusing the connection");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("The agent does not accept TLS clients");
    }
  }

  /** The server side accepts any client certificate at TLS level; trust is checked after. */
  private static final class AnyClientTrustManager extends ThumbprintTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("Not a client");
    }
  }
}
