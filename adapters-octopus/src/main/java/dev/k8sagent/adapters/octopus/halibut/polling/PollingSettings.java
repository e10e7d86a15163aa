package dev.k8sagent.adapters.octopus.halibut.polling;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the agent polls: the server addresses ({@code ServerCommsAddresses}), connections per address
 * ({@code TentaclePollingConnectionCount}, default 5), the subscription id, limits and back-off
 * (Halibut's: 5 s to 120 s, grown by the time since the first failure, with jitter).
 */
public record PollingSettings(
    List<URI> serverAddresses,
    int connectionsPerAddress,
    String subscriptionId,
    int maxMessageBytes,
    long maxStreamBytes,
    Duration connectTimeout,
    Duration minimumBackOff,
    Duration maximumBackOff,
    Path spoolDirectory,
    java.util.Optional<PollingProxy> proxy) {
  public static final int DEFAULT_CONNECTIONS = 5;
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

  public PollingSettings {
    serverAddresses = List.copyOf(serverAddresses);
    if (serverAddresses.isEmpty()) {
      throw new IllegalArgumentException("At least one server comms address is needed");
    }
    for (URI address : serverAddresses) {
      if (address.getHost() == null) {
        throw new IllegalArgumentException(
            "Server comms address '" + address + "' has no host (expected https://host:10943)");
      }
    }
    if (connectionsPerAddress < 1 || connectionsPerAddress > 512) {
      throw new IllegalArgumentException(
          "TentaclePollingConnectionCount must be between 1 and 512, got " + connectionsPerAddress);
    }
    Objects.requireNonNull(subscriptionId, "subscriptionId");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(minimumBackOff, "minimumBackOff");
    Objects.requireNonNull(maximumBackOff, "maximumBackOff");
    Objects.requireNonNull(spoolDirectory, "spoolDirectory");
    Objects.requireNonNull(proxy, "proxy");
  }

  /** The port of an address: as given, else 10943 (the polling port). */
  public static int port(URI address) {
    return address.getPort() > 0 ? address.getPort() : 10943;
  }
}
