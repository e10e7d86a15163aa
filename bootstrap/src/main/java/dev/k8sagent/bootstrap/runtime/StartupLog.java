package dev.k8sagent.bootstrap.runtime;

import dev.k8sagent.adapters.octopus.halibut.netty.ConnectionStack;
import dev.k8sagent.adapters.octopus.halibut.netty.TlsEngine;
import dev.k8sagent.bootstrap.config.AgentSettings;
import dev.k8sagent.bootstrap.config.AgentVersion;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The lines a start logs at info level, one each, so an operator reading the pod log sees what
 * runs: the version, the configuration (no secrets: {@link AgentSettings#describe()} leaves them
 * out), the TLS engine and transport, the plugins loaded and the connections.
 */
final class StartupLog {
  private StartupLog() {}

  static String version() {
    return "k8s-agent " + AgentVersion.current() + " starting (Java " + Runtime.version() + ")";
  }

  static String configuration(AgentSettings settings) {
    return "Configuration: "
        + settings.describe().stream()
            .map(line -> line.replaceAll("\\s+", " ").trim())
            .collect(Collectors.joining("; "));
  }

  /**
   * The TLS engine and the socket transport the polling connections use, as the settings chose them
   * ({@code k8s-agent.tls-engine}, and what loads here), with the reason when OpenSSL cannot load.
   */
  static String tlsEngineAndTransport(AgentSettings settings) {
    ConnectionStack stack = settings.polling().stack();
    String noOpenSsl =
        stack.tls() == TlsEngine.JDK && !TlsEngine.openSslLoads()
            ? " (OpenSSL does not load here: " + TlsEngine.whyNoOpenSsl() + ")"
            : "";
    return "TLS engine: "
        + stack.tls().label()
        + "; transport: "
        + stack.sockets().label()
        + noOpenSsl;
  }

  static String plugins(List<String> started, java.nio.file.Path folder) {
    return started.isEmpty()
        ? "Plugins loaded: none (from " + folder + ")"
        : "Plugins loaded: " + started.size() + " " + started + " (from " + folder + ")";
  }

  static String connections(AgentSettings settings) {
    return "Connections: "
        + settings.polling().connections()
        + " polling connection(s) to each of "
        + settings.polling().addresses();
  }
}
