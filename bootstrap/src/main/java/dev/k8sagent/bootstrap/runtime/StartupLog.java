package dev.k8sagent.bootstrap.runtime;

import dev.k8sagent.bootstrap.config.AgentSettings;
import dev.k8sagent.bootstrap.config.AgentVersion;
import java.security.Provider;
import java.security.Security;
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
   * The TLS engine and the socket transport the polling connections use. Today that is the JDK's
   * own SSLEngine over Java NIO sockets, as {@code Tls} and {@code PollingClient} build them; when
   * the transport becomes configurable this is the one place that says so.
   */
  static String tlsEngineAndTransport() {
    Provider[] tls = Security.getProviders("SSLContext.TLS");
    String provider = tls == null || tls.length == 0 ? "none" : tls[0].getName();
    return "TLS engine: JDK SSLEngine (" + provider + "); transport: Java NIO";
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
