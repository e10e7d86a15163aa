package dev.k8sagent.bootstrap.config;

import dev.k8sagent.adapters.octopus.halibut.netty.ConnectionStack;
import dev.k8sagent.adapters.octopus.halibut.netty.TlsEngine;
import dev.k8sagent.adapters.octopus.halibut.polling.PollingProxy;
import dev.k8sagent.adapters.octopus.halibut.polling.PollingSettings;
import dev.k8sagent.domain.target.NameList;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How the agent polls the server: the addresses ({@code https://} or {@code wss://}), how many
 * connections to each, an optional HTTP CONNECT proxy, the extra certificate trusted for the
 * server's HTTPS endpoints, the largest data stream (uploaded file) a request may carry, and the
 * TLS engine and socket transport the connections use.
 */
public record ServerPollingSettings(
    List<URI> addresses,
    int connections,
    Optional<PollingProxy> proxy,
    Path certificateFile,
    long maxStreamBytes,
    boolean jdkTls) {

  /** The TLS engines {@code k8s-agent.tls-engine} accepts. */
  enum TlsChoice {
    /** OpenSSL where its native library loads, the JDK's TLS otherwise. */
    AUTO,
    OPENSSL,
    JDK
  }

  public ServerPollingSettings {
    addresses = List.copyOf(addresses);
  }

  static ServerPollingSettings read(SettingsReader in) {
    return new ServerPollingSettings(
        addresses(in),
        in.variableNumber("TentaclePollingConnectionCount", 1, 512),
        proxy(in),
        Path.of(in.text("server-certificate-file")),
        in.bytes("max-stream-bytes", 1, Long.MAX_VALUE),
        jdkTls(in));
  }

  /**
   * The TLS engine and socket transport the connections use: the JDK's TLS when the settings ask
   * for it (or ask for OpenSSL where it does not load), else the best here. Decided when it is
   * asked for, not while the settings are read: with {@code auto} that is whether OpenSSL's native
   * library loads, which a start learns on a thread of its own meanwhile ({@code StartWarmUp}), so
   * the main thread goes on reading and wiring instead of waiting for the library.
   */
  public ConnectionStack stack() {
    return jdkTls ? ConnectionStack.withJdkTls() : ConnectionStack.best();
  }

  List<String> describe() {
    return List.of(
        "polling:     " + addresses + " x " + connections + proxy.map(p -> " via " + p).orElse(""),
        "connections: " + stack().describe());
  }

  /** Whether the connections must use the JDK's TLS; an OpenSSL that cannot be had is a problem. */
  private static boolean jdkTls(SettingsReader in) {
    TlsChoice choice = in.choice("tls-engine", TlsChoice.class);
    if (choice == TlsChoice.JDK) {
      return true;
    }
    if (choice == TlsChoice.OPENSSL && !TlsEngine.openSslLoads()) {
      in.problem(
          "K8SAGENT_TLS_ENGINE (k8s-agent.tls-engine) is openssl, but OpenSSL's native library"
              + " does not load here ("
              + TlsEngine.whyNoOpenSsl()
              + "); set it to auto or jdk");
      return true;
    }
    return false;
  }

  private static List<URI> addresses(SettingsReader in) {
    List<String> texts = new ArrayList<>();
    in.variable("ServerCommsAddresses")
        .ifPresent(list -> texts.addAll(NameList.parseCommaSeparated(list).names()));
    in.variable("ServerCommsAddress")
        .filter(a -> !texts.contains(a))
        .ifPresent(a -> texts.add(0, a));
    if (texts.isEmpty()) {
      in.problem(
          "ServerCommsAddress is not set: the server's polling address, https://host:10943/ or"
              + " wss://host/");
    }
    List<URI> addresses = new ArrayList<>();
    for (String text : texts) {
      in.check(
          "ServerCommsAddress",
          () -> addresses.add(PollingSettings.checkAddress(URI.create(text.trim()))),
          false);
    }
    return addresses;
  }

  private static Optional<PollingProxy> proxy(SettingsReader in) {
    int port = in.variableNumber("TentaclePollingProxyPort", 1, 65535);
    return in.variable("TentaclePollingProxyHost")
        .flatMap(
            host ->
                in.check(
                    "TentaclePollingProxyHost",
                    () ->
                        Optional.of(
                            new PollingProxy(
                                host,
                                port,
                                in.variable("TentaclePollingProxyUsername"),
                                in.variable("TentaclePollingProxyPassword"))),
                    Optional.empty()));
  }
}
