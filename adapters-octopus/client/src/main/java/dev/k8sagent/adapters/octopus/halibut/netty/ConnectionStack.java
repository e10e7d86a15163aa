package dev.k8sagent.adapters.octopus.halibut.netty;

import java.util.Objects;

/**
 * What carries the polling connections: the TLS engine and the socket transport. The agent logs it
 * once at start and {@code k8s-agent bench} prints it beside its figures.
 */
public record ConnectionStack(TlsEngine tls, SocketTransport sockets) {
  public ConnectionStack {
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(sockets, "sockets");
    if (tls == TlsEngine.OPENSSL && !TlsEngine.openSslLoads()) {
      throw new IllegalStateException(
          "OpenSSL was asked for but its native library does not load here: "
              + TlsEngine.whyNoOpenSsl());
    }
  }

  /** The fastest this machine can do: OpenSSL and epoll where they load, JDK TLS and NIO else. */
  public static ConnectionStack best() {
    return new ConnectionStack(TlsEngine.best(), SocketTransport.best());
  }

  /** The best socket transport with the JDK's TLS, for a user who needs the JDK's providers. */
  public static ConnectionStack withJdkTls() {
    return new ConnectionStack(TlsEngine.JDK, SocketTransport.best());
  }

  /** For example "TLS engine OpenSSL (BoringSSL), transport epoll". */
  public String describe() {
    return "TLS engine " + tls.label() + ", transport " + sockets.label();
  }
}
