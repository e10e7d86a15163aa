package dev.k8sagent.adapters.octopus.halibut.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.k8sagent.adapters.octopus.identity.AgentCertificates;
import dev.k8sagent.adapters.octopus.identity.LoadedIdentity;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.OpenSslEngine;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslHandler;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;

/** The engine asked for is the engine used, on both sides, configured alike. */
class TlsHandlersTest {
  private static final LoadedIdentity IDENTITY =
      AgentCertificates.load(
          AgentCertificates.generate("agent", Clock.systemUTC(), new SecureRandom()));

  @Test
  void the_jdk_engine_is_the_jdks_own() {
    SSLEngine client = client(TlsEngine.JDK).engine();
    SSLEngine server = Tls.serverHandler(TlsEngine.JDK, allocator(), IDENTITY).engine();

    assertThat(isOpenSsl(client)).isFalse();
    assertThat(isOpenSsl(server)).isFalse();
    assertThat(client.getUseClientMode()).isTrue();
    assertThat(server.getNeedClientAuth()).isTrue();
  }

  @Test
  void the_openssl_engine_is_openssls_with_the_same_protocols_and_client_authentication() {
    assumeTrue(TlsEngine.openSslLoads(), "OpenSSL loads here");
    SSLEngine client = client(TlsEngine.OPENSSL).engine();
    SSLEngine server = Tls.serverHandler(TlsEngine.OPENSSL, allocator(), IDENTITY).engine();

    assertThat(isOpenSsl(client)).isTrue();
    assertThat(isOpenSsl(server)).isTrue();
    assertThat(client.getUseClientMode()).isTrue();
    assertThat(server.getNeedClientAuth()).isTrue();
    // OpenSSL's engine also lists the SSLv2Hello pseudo-protocol, which BoringSSL never speaks
    assertThat(client.getEnabledProtocols())
        .contains("TLSv1.2", "TLSv1.3")
        .doesNotContain("SSLv3", "TLSv1", "TLSv1.1");
    assertThat(client.getSSLParameters().getEndpointIdentificationAlgorithm())
        .as("a pinned thumbprint needs no host name check")
        .isNull();
  }

  @Test
  void asking_for_openssl_where_it_does_not_load_is_refused_with_the_reason() {
    assumeTrue(!TlsEngine.openSslLoads(), "OpenSSL does not load here");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new ConnectionStack(TlsEngine.OPENSSL, SocketTransport.NIO))
        .hasMessageContaining("OpenSSL was asked for");
  }

  @Test
  void the_best_stack_prefers_what_loads() {
    ConnectionStack best = ConnectionStack.best();

    assertThat(best.tls()).isEqualTo(TlsEngine.openSslLoads() ? TlsEngine.OPENSSL : TlsEngine.JDK);
    assertThat(ConnectionStack.withJdkTls().tls()).isEqualTo(TlsEngine.JDK);
    assertThat(best.describe()).contains(best.tls().label()).contains(best.sockets().label());
  }

  private static SslHandler client(TlsEngine engine) {
    return Tls.clientHandler(
        engine, allocator(), IDENTITY, Set::of, List.of(), "octopus.example.com", 10943);
  }

  private static boolean isOpenSsl(SSLEngine engine) {
    return engine instanceof ReferenceCountedOpenSslEngine || engine instanceof OpenSslEngine;
  }

  private static ByteBufAllocator allocator() {
    return ByteBufAllocator.DEFAULT;
  }
}
