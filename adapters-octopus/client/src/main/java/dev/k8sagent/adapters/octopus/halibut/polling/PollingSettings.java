package dev.k8sagent.adapters.octopus.halibut.polling;

import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How the agent polls: the server addresses ({@code ServerCommsAddresses}), connections per address
 * ({@code TentaclePollingConnectionCount}, default 5), the subscription id, limits and back-off
 * (Halibut's: 5 s to 120 s, grown by the time since the first failure, with jitter), how long the
 * TLS and WebSocket handshakes may take (Halibut allows a minute), and the extra certificates
 * trusted for {@code wss://} endpoints (see {@code ServerAuthorities}).
 */
public record PollingSettings(
    List<URI> serverAddresses,
    int connectionsPerAddress,
    String subscriptionId,
    int maxMessageBytes,
    long maxStreamBytes,
    Duration connectTimeout,
    Duration handshakeTimeout,
    Duration minimumBackOff,
    Duration maximumBackOff,
    Path spoolDirectory,
    java.util.Optional<PollingProxy> proxy,
    List<X509Certificate> serverAuthorities) {
  public static final int DEFAULT_CONNECTIONS = 5;
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

  public PollingSettings {
    serverAddresses = List.copyOf(serverAddresses);
    if (serverAddresses.isEmpty()) {
      throw new IllegalArgumentException("At least one server comms address is needed");
    }
    serverAddresses.forEach(PollingSettings::checkAddress);
    if (connectionsPerAddress < 1 || connectionsPerAddress > 512) {
      throw new IllegalArgumentException(
          "TentaclePollingConnectionCount must be between 1 and 512, got " + connectionsPerAddress);
    }
    Objects.requireNonNull(subscriptionId, "subscriptionId");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    serverAuthorities = List.copyOf(serverAuthorities);
    Objects.requireNonNull(minimumBackOff, "minimumBackOff");
    Objects.requireNonNull(maximumBackOff, "maximumBackOff");
    Objects.requireNonNull(spoolDirectory, "spoolDirectory");
    Objects.requireNonNull(proxy, "proxy");
  }

  /**
   * Checks one server comms address: {@code https://} or {@code wss://} with a host.
   *
   * @throws IllegalArgumentException naming the address and what is expected
   */
  public static URI checkAddress(URI address) {
    String scheme = address.getScheme() == null ? "" : address.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("wss")) {
      throw new IllegalArgumentException(
          "Server comms address '"
              + address
              + "' must start with https:// (polling over TLS, port 10943 by default) or wss://"
              + " (polling over a WebSocket, port 443 by default)");
    }
    if (address.getHost() == null) {
      throw new IllegalArgumentException(
          "Server comms address '" + address + "' has no host (expected https://host:10943)");
    }
    return address;
  }

  /** The port of an address: as given, else 443 for wss:// and 10943 (the polling port) else. */
  public static int port(URI address) {
    if (address.getPort() > 0) {
      return address.getPort();
    }
    return isWebSocket(address) ? 443 : 10943;
  }

  /** Whether the address is polled over a WebSocket. */
  public static boolean isWebSocket(URI address) {
    return "wss".equalsIgnoreCase(address.getScheme());
  }
}
