package dev.k8sagent.bootstrap.config;

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
 * server's HTTPS endpoints, and the largest data stream (uploaded file) a request may carry.
 */
public record ServerPollingSettings(
    List<URI> addresses,
    int connections,
    Optional<PollingProxy> proxy,
    Path certificateFile,
    long maxStreamBytes) {

  public ServerPollingSettings {
    addresses = List.copyOf(addresses);
  }

  static ServerPollingSettings read(SettingsReader in) {
    return new ServerPollingSettings(
        addresses(in),
        in.variableNumber("TentaclePollingConnectionCount", 1, 512),
        proxy(in),
        Path.of(in.text("server-certificate-file")),
        in.bytes("max-stream-bytes", 1, Long.MAX_VALUE));
  }

  List<String> describe() {
    return List.of(
        "polling:     " + addresses + " x " + connections + proxy.map(p -> " via " + p).orElse(""));
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
