package dev.k8sagent.adapters.octopus.halibut.polling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.k8sagent.adapters.octopus.halibut.bson.BsonDocument;
import dev.k8sagent.adapters.octopus.halibut.bson.NetGuid;
import dev.k8sagent.adapters.octopus.halibut.message.DataStreamRef;
import dev.k8sagent.adapters.octopus.halibut.netty.ConnectionStack;
import dev.k8sagent.adapters.octopus.halibut.service.InMemoryAgent;
import dev.k8sagent.adapters.octopus.halibut.service.OutgoingStream;
import dev.k8sagent.adapters.octopus.halibut.service.ServiceDispatcher;
import dev.k8sagent.adapters.octopus.identity.AgentCertificates;
import dev.k8sagent.adapters.octopus.identity.LoadedIdentity;
import dev.k8sagent.adapters.octopus.simulator.ServerSimulator;
import dev.k8sagent.adapters.octopus.simulator.SimulatedResponse;
import dev.k8sagent.domain.target.Thumbprint;
import dev.k8sagent.ports.content.Content;
import dev.k8sagent.ports.in.DownloadFile;
import dev.k8sagent.ports.in.FileTransfer;
import dev.k8sagent.ports.in.UploadFile;
import dev.k8sagent.ports.in.UploadResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The agent's polling client against the server simulator over real TLS on loopback. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LoopbackPollingTest {
  private static final String SUBSCRIPTION = "poll://abcdefghjk23456789ab/";
  private static final LoadedIdentity AGENT = identity("agent");
  private static final LoadedIdentity SERVER = identity("Octopus Portal");

  @TempDir Path temp;
  private final List<AutoCloseable> closing = new ArrayList<>();
  private final Map<ServerSimulator, URI> addresses = new HashMap<>();

  /** What the agent's connection listener was told, as {@code identified} or the drop reason. */
  private final List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();

  private final ConnectionListener connectionEvents =
      new ConnectionListener() {
        @Override
        public void identified(URI address) {
          told.add("identified");
        }

        @Override
        public void dropped(URI address, DropReason reason) {
          told.add(reason.name());
        }
      };

  @AfterEach
  void close() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void five_connections_poll_and_capabilities_come_back(Transport transport) throws Exception {
    ServerSimulator server = server(transport, Set.of(AGENT.thumbprint()), Duration.ofMillis(300));
    agent(server, Set.of(SERVER.thumbprint()), 5);
    eventually("five connections identified").until(() -> server.subscriberCount() == 5);

    // Idle connections get keep-alives, answer them, and stay open and usable.
    eventually("ten keep-alives answered").until(() -> server.keepAlivesAnswered() >= 10);
    assertEquals(5, server.subscriptionsSeen(), "no connection was re-opened around a keep-alive");
    for (int i = 0; i < 10; i++) {
      SimulatedResponse response =
          server
              .call(SUBSCRIPTION, "ICapabilitiesServiceV2", "GetCapabilities", List.of(), List.of())
              .get(20, TimeUnit.SECONDS);
      BsonDocument result = (BsonDocument) response.response().result();
      assertEquals(
          List.of("IFileTransferService", "IKubernetesScriptServiceV1"),
          result.array("SupportedCapabilities"));
    }
    assertEquals(5, server.subscriberCount());
    assertEquals(5, server.subscriptionsSeen(), "no connection was dropped by a keep-alive");
  }

  @Test
  void a_burst_of_mixed_calls_gets_each_answer_and_download_in_turn_on_every_connection()
      throws Exception {
    ServerSimulator server =
        server(Transport.TCP, Set.of(AGENT.thumbprint()), Duration.ofSeconds(30));
    agent(server, Set.of(SERVER.thumbprint()), 5);
    eventually("five connections identified").until(() -> server.subscriberCount() == 5);

    byte[] shared = "downloaded in the burst, ".repeat(400).getBytes(StandardCharsets.UTF_8);
    DataStreamRef sharedRef = new DataStreamRef(NetGuid.random(), shared.length);
    SimulatedResponse stored =
        server
            .call(
                SUBSCRIPTION,
                "IFileTransferService",
                "UploadFile",
                List.of("Work/burst-shared.txt", sharedRef.toTypedBson()),
                List.of(new OutgoingStream(sharedRef, Content.ofBytes(shared))))
            .get(60, TimeUnit.SECONDS);
    assertTrue(stored.response().error().isEmpty(), () -> stored.response().toString());

    // GetCapabilities is answered on the event loop, uploads and downloads on the work pool; the
    // simulator refuses a response that is not to the request in flight on its connection.
    List<CompletableFuture<SimulatedResponse>> calls = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      calls.add(
          switch (i % 3) {
            case 0 ->
                server.call(
                    SUBSCRIPTION,
                    "ICapabilitiesServiceV2",
                    "GetCapabilities",
                    List.of(),
                    List.of());
            case 1 -> {
              NetGuid id = NetGuid.random();
              byte[] bytes = ("upload " + i).getBytes(StandardCharsets.UTF_8);
              DataStreamRef ref = new DataStreamRef(id, bytes.length);
              yield server.call(
                  SUBSCRIPTION,
                  "IFileTransferService",
                  "UploadFile",
                  List.of("Work/burst-" + i + ".txt", ref.toTypedBson()),
                  List.of(new OutgoingStream(ref, Content.ofBytes(bytes))));
            }
            default ->
                server.call(
                    SUBSCRIPTION,
                    "IFileTransferService",
                    "DownloadFile",
                    List.of("Work/burst-shared.txt"),
                    List.of());
          });
    }
    for (int i = 0; i < calls.size(); i++) {
      SimulatedResponse answer = calls.get(i).get(60, TimeUnit.SECONDS);
      int call = i;
      assertTrue(answer.response().error().isEmpty(), () -> call + ": " + answer.response());
      if (i % 3 == 0) {
        assertEquals(
            List.of("IFileTransferService", "IKubernetesScriptServiceV1"),
            ((BsonDocument) answer.response().result()).array("SupportedCapabilities"));
      } else if (i % 3 == 1) {
        assertEquals(
            (long) ("upload " + i).length(),
            ((BsonDocument) answer.response().result()).get("Length").orElseThrow());
      } else {
        // the download's stream came whole, after the small messages before it and before NEXT
        NetGuid back = ((BsonDocument) answer.response().result()).guid("id").orElseThrow();
        assertArrayEquals(shared, Files.readAllBytes(answer.streams().get(back)));
      }
    }
    assertEquals(5, server.subscriptionsSeen(), "no connection was dropped on the way");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void a_hundred_mebibytes_go_up_and_come_back_unchanged(Transport transport) throws Exception {
    ServerSimulator server = server(transport, Set.of(AGENT.thumbprint()), Duration.ofSeconds(30));
    agent(server, Set.of(SERVER.thumbprint()), 2);
    eventually("connections identified").until(() -> server.subscriberCount() == 2);
    Path source = temp.resolve("source.bin");
    long size = 100L * 1024 * 1024;
    writeRandom(source, size);
    NetGuid id = NetGuid.random();

    SimulatedResponse upload =
        server
            .call(
                SUBSCRIPTION,
                "IFileTransferService",
                "UploadFile",
                List.of("Work/big.bin", new DataStreamRef(id, size).toTypedBson()),
                List.of(new OutgoingStream(new DataStreamRef(id, size), Content.ofFile(source))))
            .get(60, TimeUnit.SECONDS);
    BsonDocument result = (BsonDocument) upload.response().result();
    assertTrue(upload.response().error().isEmpty(), () -> upload.response().error().toString());
    assertEquals(size, result.get("Length").orElseThrow());

    SimulatedResponse download =
        server
            .call(
                SUBSCRIPTION,
                "IFileTransferService",
                "DownloadFile",
                List.of("Work/big.bin"),
                List.of())
            .get(60, TimeUnit.SECONDS);
    NetGuid back = ((BsonDocument) download.response().result()).guid("id").orElseThrow();
    Path received = download.streams().get(back);
    assertEquals(sha256(source), sha256(received));
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void the_agent_reconnects_after_the_server_drops_every_connection(Transport transport)
      throws Exception {
    ServerSimulator server = server(transport, Set.of(AGENT.thumbprint()), Duration.ofSeconds(30));
    agent(server, Set.of(SERVER.thumbprint()), 3);
    eventually("connections identified").until(() -> server.subscriberCount() == 3);

    server.dropConnections();
    eventually("connections dropped").until(() -> server.subscriberCount() == 0);
    eventually("connections re-opened").until(() -> server.subscriberCount() == 3);
    eventually("the listener told of three losses and six handshakes")
        .until(
            () ->
                told.stream().filter("CONNECTION_LOST"::equals).count() == 3
                    && told.stream().filter("identified"::equals).count() == 6);

    SimulatedResponse response =
        server
            .call(SUBSCRIPTION, "ICapabilitiesServiceV2", "GetCapabilities", List.of(), List.of())
            .get(20, TimeUnit.SECONDS);
    assertTrue(response.response().error().isEmpty());
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void a_restarted_server_on_the_same_port_is_polled_again(Transport transport) throws Exception {
    ServerSimulator first = server(transport, Set.of(AGENT.thumbprint()), Duration.ofSeconds(30));
    URI address = addresses.get(first);
    agent(first, Set.of(SERVER.thumbprint()), 2);
    eventually("connections identified").until(() -> first.subscriberCount() == 2);

    first.close();
    ServerSimulator second =
        new ServerSimulator(
            SERVER, Set.of(AGENT.thumbprint()), Duration.ofSeconds(30), temp.resolve("spool-2"));
    closing.add(second);
    if (transport == Transport.TCP) {
      second.start(address.getPort());
    } else {
      second.startWebSocket(address.getPort());
    }
    eventually("connections re-opened to the new server")
        .until(() -> second.subscriberCount() == 2);
    assertTrue(
        second
            .call(SUBSCRIPTION, "ICapabilitiesServiceV2", "GetCapabilities", List.of(), List.of())
            .get(20, TimeUnit.SECONDS)
            .response()
            .error()
            .isEmpty());
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void a_server_with_an_untrusted_thumbprint_is_refused(Transport transport) throws Exception {
    ServerSimulator server = server(transport, Set.of(AGENT.thumbprint()), Duration.ofSeconds(30));
    PollingClient agent = agent(server, Set.of(new Thumbprint("0".repeat(40))), 2);
    CompletableFuture<SimulatedResponse> call =
        server.call(
            SUBSCRIPTION, "ICapabilitiesServiceV2", "GetCapabilities", List.of(), List.of());
    eventually("each connection refused, then one tried again and refused")
        .until(() -> server.connectionsClosedBeforeSubscribing() > 2);
    eventually("the listener told of failed handshakes")
        .until(() -> told.contains("HANDSHAKE_FAILED"));
    assertFalse(told.contains("identified"));
    assertEquals(0, server.subscriberCount());
    assertEquals(0, agent.connectedCount());
    assertFalse(call.isDone(), "no request reaches an agent that refused the server");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void an_agent_the_server_does_not_trust_gets_no_requests(Transport transport) throws Exception {
    ServerSimulator server = server(transport, Set.of(), Duration.ofSeconds(30));
    PollingClient agent = agent(server, Set.of(SERVER.thumbprint()), 2);
    eventually("each connection refused, then one tried again and refused")
        .until(() -> server.connectionsClosedBeforeSubscribing() > 2);
    eventually("the listener told of failed handshakes")
        .until(() -> told.contains("HANDSHAKE_FAILED"));
    assertFalse(told.contains("identified"));
    assertEquals(0, server.subscriberCount());
    assertEquals(0, agent.connectedCount());
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void polling_works_through_an_http_connect_proxy(Transport transport) throws Exception {
    ServerSimulator server = server(transport, Set.of(AGENT.thumbprint()), Duration.ofSeconds(30));
    try (TunnelProxy proxy = new TunnelProxy()) {
      PollingClient agent =
          agent(
              server,
              Set.of(SERVER.thumbprint()),
              2,
              Optional.of(
                  new PollingProxy(
                      "127.0.0.1", proxy.port(), Optional.of("me"), Optional.of("pw"))));
      eventually("connections through the proxy identified")
          .until(() -> server.subscriberCount() == 2);
      SimulatedResponse response =
          server
              .call(SUBSCRIPTION, "ICapabilitiesServiceV2", "GetCapabilities", List.of(), List.of())
              .get(20, TimeUnit.SECONDS);
      assertTrue(response.response().error().isEmpty());
      assertTrue(
          proxy
              .requests()
              .get(0)
              .startsWith("CONNECT localhost:" + addresses.get(server).getPort() + " HTTP/1.0"));
      assertTrue(proxy.requests().get(0).contains("Proxy-Authorization: Basic bWU6cHc="));
      assertEquals(2, agent.connectedCount());
    }
  }

  @Test
  void over_a_websocket_a_server_vouched_for_by_the_certificate_file_is_accepted()
      throws Exception {
    LoadedIdentity https = identity("localhost");
    ServerSimulator server =
        server(Transport.WEBSOCKET, https, Set.of(AGENT.thumbprint()), Duration.ofSeconds(30));
    PollingClient agent =
        agent(addresses.get(server), Set.of(), List.of(https.certificate()), 2, Optional.empty());
    eventually("connections identified without a pinned thumbprint")
        .until(() -> agent.connectedCount() == 2);
    assertTrue(
        server
            .call(SUBSCRIPTION, "ICapabilitiesServiceV2", "GetCapabilities", List.of(), List.of())
            .get(20, TimeUnit.SECONDS)
            .response()
            .error()
            .isEmpty());
  }

  @Test
  void the_https_certificate_of_a_websocket_address_is_learnt_once_verified_then_pinned()
      throws Exception {
    LoadedIdentity https = identity("localhost");
    ServerSimulator server =
        server(Transport.WEBSOCKET, https, Set.of(AGENT.thumbprint()), Duration.ofSeconds(30));
    URI address = addresses.get(server);

    Thumbprint learnt =
        dev.k8sagent.adapters.octopus.identity.ServerAuthorities.presentedThumbprint(
            address, List.of(https.certificate()), Duration.ofSeconds(5));
    assertEquals(https.thumbprint(), learnt);
    IllegalStateException unverified =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalStateException.class,
            () ->
                dev.k8sagent.adapters.octopus.identity.ServerAuthorities.presentedThumbprint(
                    address, List.of(), Duration.ofSeconds(5)));
    assertTrue(
        unverified.getMessage().contains("agent.serverCertificate"), unverified.getMessage());

    PollingClient agent = agent(address, Set.of(learnt), List.of(), 1, Optional.empty());
    eventually("polling pinned to the learnt thumbprint").until(() -> agent.connectedCount() == 1);
  }

  @Test
  void the_certificate_file_does_not_vouch_for_a_certificate_naming_another_host()
      throws Exception {
    LoadedIdentity https = identity("localhost");
    // one server per agent, so each server's refusals are that agent's
    ServerSimulator forWrongHost =
        server(Transport.WEBSOCKET, https, Set.of(AGENT.thumbprint()), Duration.ofSeconds(30));
    ServerSimulator forOtherAuthority =
        server(Transport.WEBSOCKET, https, Set.of(AGENT.thumbprint()), Duration.ofSeconds(30));
    URI byAddress =
        address(Transport.WEBSOCKET, "127.0.0.1", addresses.get(forWrongHost).getPort());
    PollingClient wrongHost =
        agent(byAddress, Set.of(), List.of(https.certificate()), 1, Optional.empty());
    PollingClient otherAuthority =
        agent(
            addresses.get(forOtherAuthority),
            Set.of(),
            List.of(identity("localhost").certificate()),
            1,
            Optional.empty());
    eventually("both agents refused the server twice")
        .until(
            () ->
                forWrongHost.connectionsClosedBeforeSubscribing() >= 2
                    && forOtherAuthority.connectionsClosedBeforeSubscribing() >= 2);
    assertEquals(0, wrongHost.connectedCount());
    assertEquals(0, otherAuthority.connectedCount());
    assertEquals(0, forWrongHost.subscriberCount() + forOtherAuthority.subscriberCount());
  }

  /** What carries the byte stream: TLS over TCP, or a WebSocket over TLS. */
  enum Transport {
    TCP,
    WEBSOCKET
  }

  private ServerSimulator server(
      Transport transport, Set<Thumbprint> trustedAgents, Duration keepAlive) throws Exception {
    return server(transport, SERVER, trustedAgents, keepAlive);
  }

  private ServerSimulator server(
      Transport transport,
      LoadedIdentity identity,
      Set<Thumbprint> trustedAgents,
      Duration keepAlive)
      throws Exception {
    ServerSimulator server =
        new ServerSimulator(identity, trustedAgents, keepAlive, temp.resolve("server-spool"));
    closing.add(server);
    int port = transport == Transport.TCP ? server.start(0) : server.startWebSocket(0);
    addresses.put(server, address(transport, "localhost", port));
    return server;
  }

  private static URI address(Transport transport, String host, int port) {
    return URI.create(
        transport == Transport.TCP
            ? "https://" + host + ":" + port
            : "wss://" + host + ":" + port + "/OctopusComms");
  }

  private PollingClient agent(
      ServerSimulator server, Set<Thumbprint> trustedServers, int connections) throws Exception {
    return agent(server, trustedServers, connections, Optional.empty());
  }

  private PollingClient agent(
      ServerSimulator server,
      Set<Thumbprint> trustedServers,
      int connections,
      Optional<PollingProxy> proxy)
      throws Exception {
    return agent(addresses.get(server), trustedServers, List.of(), connections, proxy);
  }

  private PollingClient agent(
      URI address,
      Set<Thumbprint> trustedServers,
      List<X509Certificate> authorities,
      int connections,
      Optional<PollingProxy> proxy)
      throws Exception {
    PollingSettings settings =
        new PollingSettings(
            List.of(address),
            connections,
            SUBSCRIPTION,
            PollingSettings.DEFAULT_MAX_MESSAGE_BYTES,
            Long.MAX_VALUE,
            Duration.ofSeconds(5),
            Duration.ofSeconds(10),
            Duration.ofMillis(100),
            Duration.ofSeconds(1),
            temp.resolve("agent-spool"),
            proxy,
            authorities);
    ServiceDispatcher dispatcher =
        InMemoryAgent.dispatcher(new DirectoryFileTransfer(temp.resolve("home")));
    PollingClient client =
        new PollingClient(
            settings,
            AGENT,
            () -> trustedServers,
            dispatcher,
            ConnectionStack.best(),
            connectionEvents);
    closing.add(client);
    client.start();
    return client;
  }

  /** Waits up to 30 s for what the agent and the simulator do on their own threads. */
  private static ConditionFactory eventually(String what) {
    return Awaitility.await(what)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20));
  }

  private static LoadedIdentity identity(String name) {
    return AgentCertificates.load(
        AgentCertificates.generate(name, Clock.systemUTC(), new SecureRandom()));
  }

  private static void writeRandom(Path file, long size) throws IOException {
    byte[] block = new byte[1 << 20];
    java.util.Random random = new java.util.Random(42);
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long written = 0; written < size; written += block.length) {
        random.nextBytes(block);
        out.write(block, 0, (int) Math.min(block.length, size - written));
      }
    }
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** A plain directory standing in for the agent home. */
  static final class DirectoryFileTransfer implements FileTransfer {
    private final Path home;

    DirectoryFileTransfer(Path home) {
      this.home = home;
    }

    @Override
    public UploadResult upload(UploadFile command) {
      Path target = home.resolve(command.remotePath());
      try {
        Files.createDirectories(target.getParent());
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        try (InputStream in = new DigestInputStream(command.contents().open(), sha1)) {
          Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return new UploadResult(
            target.toString(), HexFormat.of().formatHex(sha1.digest()), Files.size(target));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public Optional<Content> download(DownloadFile query) {
      Path file = home.resolve(query.remotePath());
      return Files.exists(file) ? Optional.of(Content.ofFile(file)) : Optional.empty();
    }
  }
}
