package dev.k8sagent.adapters.octopus.halibut.polling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.k8sagent.adapters.octopus.halibut.bson.BsonDocument;
import dev.k8sagent.adapters.octopus.halibut.netty.ConnectionStack;
import dev.k8sagent.adapters.octopus.halibut.netty.SocketTransport;
import dev.k8sagent.adapters.octopus.halibut.netty.TlsEngine;
import dev.k8sagent.adapters.octopus.halibut.service.InMemoryAgent;
import dev.k8sagent.adapters.octopus.identity.LoadedIdentity;
import dev.k8sagent.adapters.octopus.simulator.ServerSimulator;
import dev.k8sagent.adapters.octopus.simulator.SimulatedOctopusServer;
import dev.k8sagent.adapters.octopus.simulator.SimulatedResponse;
import dev.k8sagent.domain.target.Thumbprint;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each TLS engine, forced, on each socket transport, against the simulator serving with either
 * engine: the agent presents its certificate and pins the server's thumbprint the same way.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsEnginesTest {
  private static final String SUBSCRIPTION = "poll://abcdefghjk23456789ab/";
  private static final LoadedIdentity AGENT = SimulatedOctopusServer.newIdentity("agent");
  private static final LoadedIdentity SERVER = SimulatedOctopusServer.newIdentity("Octopus");

  @TempDir Path temp;
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  static Stream<Arguments> engines() {
    List<Arguments> pairs = new ArrayList<>();
    for (TlsEngine agent : TlsEngine.values()) {
      for (TlsEngine server : TlsEngine.values()) {
        for (SocketTransport sockets : SocketTransport.values()) {
          pairs.add(Arguments.of(agent, server, sockets));
        }
      }
    }
    return pairs.stream();
  }

  @ParameterizedTest(name = "agent {0} with server {1} over {2}")
  @MethodSource("engines")
  void requests_are_answered_whichever_engines_the_two_sides_use(
      TlsEngine agentEngine, TlsEngine serverEngine, SocketTransport sockets) throws Exception {
    ServerSimulator server = server(stack(serverEngine, sockets), Set.of(AGENT.thumbprint()));
    PollingClient agent = agent(server, stack(agentEngine, sockets), SERVER.thumbprint());

    eventually("two connections identified").until(() -> server.subscriberCount() == 2);
    SimulatedResponse response =
        server
            .call(SUBSCRIPTION, "ICapabilitiesServiceV2", "GetCapabilities", List.of(), List.of())
            .get(20, TimeUnit.SECONDS);

    assertThat(((BsonDocument) response.response().result()).array("SupportedCapabilities"))
        .contains("IKubernetesScriptServiceV1");
    assertThat(agent.stack()).isEqualTo(stack(agentEngine, sockets));
    eventually("the agent to count both connections").until(() -> agent.connectedCount() == 2);
  }

  @ParameterizedTest
  @EnumSource(TlsEngine.class)
  void a_server_whose_thumbprint_is_not_pinned_is_refused(TlsEngine engine) throws Exception {
    ServerSimulator server = server(ConnectionStack.best(), Set.of(AGENT.thumbprint()));
    PollingClient agent =
        agent(server, stack(engine, SocketTransport.best()), new Thumbprint("0".repeat(40)));
    CompletableFuture<SimulatedResponse> call =
        server.call(
            SUBSCRIPTION, "ICapabilitiesServiceV2", "GetCapabilities", List.of(), List.of());

    eventually("each connection refused, then tried again and refused")
        .until(() -> server.connectionsClosedBeforeSubscribing() > 2);
    assertThat(agent.connectedCount()).isZero();
    assertThat(call).isNotDone();
  }

  @ParameterizedTest
  @EnumSource(TlsEngine.class)
  void an_agent_whose_certificate_the_server_does_not_trust_gets_no_requests(TlsEngine engine)
      throws Exception {
    ServerSimulator server = server(ConnectionStack.best(), Set.of(SERVER.thumbprint()));
    PollingClient agent = agent(server, stack(engine, SocketTransport.best()), SERVER.thumbprint());

    eventually("each connection refused, then tried again and refused")
        .until(() -> server.connectionsClosedBeforeSubscribing() > 2);
    assertThat(server.subscriptionsSeen()).isZero();
    assertThat(agent.connectedCount()).isZero();
  }

  private static ConnectionStack stack(TlsEngine engine, SocketTransport sockets) {
    assumeTrue(engine == TlsEngine.JDK || TlsEngine.openSslLoads(), "OpenSSL loads here");
    assumeTrue(sockets == SocketTransport.NIO || SocketTransport.best() == sockets, "epoll here");
    return new ConnectionStack(engine, sockets);
  }

  private ServerSimulator server(ConnectionStack stack, Set<Thumbprint> trustedAgents)
      throws Exception {
    ServerSimulator server =
        new ServerSimulator(SERVER, trustedAgents, Duration.ofSeconds(30), temp.resolve("server"))
            .using(stack, true);
    closing.add(server);
    server.start(0);
    return server;
  }

  private PollingClient agent(ServerSimulator server, ConnectionStack stack, Thumbprint trusted) {
    PollingSettings settings =
        new PollingSettings(
            List.of(URI.create("https://localhost:" + server.port())),
            2,
            SUBSCRIPTION,
            PollingSettings.DEFAULT_MAX_MESSAGE_BYTES,
            Long.MAX_VALUE,
            Duration.ofSeconds(5),
            Duration.ofSeconds(10),
            Duration.ofMillis(100),
            Duration.ofSeconds(1),
            temp.resolve("agent-spool"),
            Optional.empty(),
            List.of());
    PollingClient client =
        new PollingClient(
            settings,
            AGENT,
            () -> Set.of(trusted),
            InMemoryAgent.dispatcher(new LoopbackPollingTest.DirectoryFileTransfer(temp)),
            stack);
    closing.add(client);
    client.start();
    return client;
  }

  private static ConditionFactory eventually(String what) {
    return Awaitility.await(what)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20));
  }
}
