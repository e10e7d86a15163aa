package dev.k8sagent.adapters.octopus.faults;

import dev.k8sagent.adapters.octopus.halibut.bson.BsonDocument;
import dev.k8sagent.adapters.octopus.halibut.bson.NetGuid;
import dev.k8sagent.adapters.octopus.halibut.message.DataStreamRef;
import dev.k8sagent.adapters.octopus.halibut.message.ResponseMessage;
import dev.k8sagent.adapters.octopus.halibut.polling.PollingClient;
import dev.k8sagent.adapters.octopus.halibut.polling.PollingSettings;
import dev.k8sagent.adapters.octopus.halibut.service.InMemoryAgent;
import dev.k8sagent.adapters.octopus.halibut.service.OutgoingStream;
import dev.k8sagent.adapters.octopus.identity.AgentCertificates;
import dev.k8sagent.adapters.octopus.identity.LoadedIdentity;
import dev.k8sagent.adapters.octopus.simulator.ServerSimulator;
import dev.k8sagent.adapters.octopus.simulator.SimulatedResponse;
import dev.k8sagent.ports.content.Content;
import dev.k8sagent.ports.out.FileStore;
import dev.k8sagent.ports.service.TransferringFiles;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * A real polling agent (TLS on loopback, the real client and dispatcher over the agent's file
 * transfer service on {@code store}) against the server simulator, for one fault test; {@link
 * #start()} starts polling. Timeouts are short so a fault is over in seconds: identification within
 * 2 s, back-off 100 ms to 1 s.
 */
final class FaultFixture implements AutoCloseable {
  static final String SUBSCRIPTION = "poll://abcdefghjk23456789ab/";

  /** The agent's k8s-agent.max-stream-bytes in these tests. */
  static final long MAX_STREAM_BYTES = 4L * 1024 * 1024;

  private static final LoadedIdentity AGENT = identity("agent");
  private static final LoadedIdentity SERVER = identity("Octopus");

  final ServerSimulator server;
  final PollingClient agent;
  final Path agentSpool;
  final int connections;

  FaultFixture(Path temp, FileStore store, int connections) throws Exception {
    this.connections = connections;
    server =
        new ServerSimulator(
            SERVER, Set.of(AGENT.thumbprint()), Duration.ofSeconds(30), temp.resolve("server"));
    int port = server.start(0);
    agentSpool = temp.resolve("agent-spool");
    PollingSettings settings =
        new PollingSettings(
            List.of(URI.create("https://localhost:" + port)),
            connections,
            SUBSCRIPTION,
            PollingSettings.DEFAULT_MAX_MESSAGE_BYTES,
            MAX_STREAM_BYTES,
            Duration.ofSeconds(2),
            Duration.ofSeconds(2),
            Duration.ofMillis(100),
            Duration.ofSeconds(1),
            agentSpool,
            Optional.empty(),
            List.of());
    agent =
        new PollingClient(
            settings,
            AGENT,
            () -> Set.of(SERVER.thumbprint()),
            InMemoryAgent.dispatcher(new TransferringFiles(store, "/octopus")));
  }

  /** Starts polling (arm the server's faults first when they concern the first connections). */
  FaultFixture start() {
    agent.start();
    return this;
  }

  /** Waits until every connection is polling. */
  void polling() {
    eventually("every connection polling").until(() -> server.subscriberCount() == connections);
  }

  CompletableFuture<SimulatedResponse> upload(String path, byte[] bytes) {
    NetGuid id = NetGuid.random();
    DataStreamRef ref = new DataStreamRef(id, bytes.length);
    return server.call(
        SUBSCRIPTION,
        "IFileTransferService",
        "UploadFile",
        List.of(path, ref.toTypedBson()),
        List.of(new OutgoingStream(ref, Content.ofBytes(bytes))));
  }

  CompletableFuture<SimulatedResponse> download(String path) {
    return server.call(
        SUBSCRIPTION, "IFileTransferService", "DownloadFile", List.of(path), List.of());
  }

  /** A plain call that must succeed: the agent serves after whatever came before. */
  void stillServes() throws Exception {
    ResponseMessage response =
        server
            .call(SUBSCRIPTION, "ICapabilitiesServiceV2", "GetCapabilities", List.of(), List.of())
            .get(20, TimeUnit.SECONDS)
            .response();
    if (response.error().isPresent()) {
      throw new AssertionError("GetCapabilities failed: " + response.error().get());
    }
    if (!(response.result() instanceof BsonDocument)) {
      throw new AssertionError("GetCapabilities answered " + response.result());
    }
  }

  /** The bytes of the stream a download answered with. */
  static byte[] downloaded(SimulatedResponse response) throws IOException {
    NetGuid id = ((BsonDocument) response.response().result()).guid("id").orElseThrow();
    return Files.readAllBytes(response.streams().get(id));
  }

  /** Files left in the agent's spool directory (streams held before their use case read them). */
  long spoolFiles() throws IOException {
    if (!Files.exists(agentSpool)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(agentSpool)) {
      return files.count();
    }
  }

  /** Open file descriptors of this process (Linux), for leak checks. */
  static long openDescriptors() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  static ConditionFactory eventually(String what) {
    return Awaitility.await(what)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20));
  }

  static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new java.util.Random(seed).nextBytes(bytes);
    return bytes;
  }

  @Override
  public void close() {
    agent.close();
    server.close();
  }

  private static LoadedIdentity identity(String name) {
    return AgentCertificates.load(
        AgentCertificates.generate(name, Clock.systemUTC(), new SecureRandom()));
  }
}
