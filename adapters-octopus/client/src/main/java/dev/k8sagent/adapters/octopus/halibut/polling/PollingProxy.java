package dev.k8sagent.adapters.octopus.halibut.polling;

import java.util.Objects;
import java.util.Optional;

/**
 * The HTTP proxy polling connections tunnel through ({@code TentaclePollingProxyHost}, {@code
 * …Port}, {@code …Username}, {@code …Password}). The password never appears in {@link #toString()}.
 */
public record PollingProxy(
    String host, int port, Optional<String> username, Optional<String> password) {
  public PollingProxy {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("TentaclePollingProxyHost is empty");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(
          "TentaclePollingProxyPort must be between 1 and 65535, got " + port);
    }
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
  }

  @Override
  public String toString() {
    return "PollingProxy[" + host + ":" + port + username.map(u -> ", user " + u).orElse("") + "]";
  }
}
