package dev.k8sagent.bootstrap.config;

import java.util.List;

/** The agent's own HTTP endpoint: {@code /healthz}, {@code /readyz} and {@code /metrics}. */
public record HttpSettings(int port) {
  static HttpSettings read(SettingsReader in) {
    return new HttpSettings(in.number("http-port", 0, 65535));
  }

  List<String> describe() {
    return List.of("http port:   " + port);
  }
}
