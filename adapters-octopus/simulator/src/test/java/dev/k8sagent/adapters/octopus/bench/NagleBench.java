package dev.k8sagent.adapters.octopus.bench;

import dev.k8sagent.adapters.octopus.halibut.netty.ConnectionStack;
import dev.k8sagent.adapters.octopus.halibut.netty.SocketTransport;
import dev.k8sagent.adapters.octopus.halibut.netty.TlsEngine;
import dev.k8sagent.adapters.octopus.halibut.polling.PollingClient;
import dev.k8sagent.adapters.octopus.halibut.polling.PollingSettings;
import dev.k8sagent.adapters.octopus.halibut.service.InMemoryAgent;
import dev.k8sagent.adapters.octopus.identity.LoadedIdentity;
import dev.k8sagent.adapters.octopus.simulator.ServerSimulator;
import dev.k8sagent.adapters.octopus.simulator.SimulatedOctopusServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * Benchmark, not a test: sequential small RPCs on one polling connection, each waited for before
 * the next, with the server's Nagle algorithm off ({@code TCP_NODELAY}, as the simulator has it)
 * and on (Halibut's and Tentacle's {@code TcpNoDelay = false} default), for each socket transport
 * the agent can use. A server holding its next small write until the agent acknowledges the
 * previous one shows as ~40 ms per RPC (Linux's delayed ACK).
 *
 * <pre>
 * java -cp ... dev.k8sagent.adapters.octopus.bench.NagleBench [rpcs]
 * </pre>
 */
public final class NagleBench {
  private static final String SUBSCRIPTION = TransportBench.SUBSCRIPTION;

  public static void main(String[] args) throws Exception {
    int rpcs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    LoadedIdentity agentIdentity = SimulatedOctopusServer.newIdentity("agent");
    LoadedIdentity serverIdentity = SimulatedOctopusServer.newIdentity("server");
    for (SocketTransport sockets : SocketTransport.values()) {
      if (sockets == SocketTransport.EPOLL && SocketTransport.best() != SocketTransport.EPOLL) {
        continue;
      }
      for (boolean serverNoDelay : new boolean[] {true, false}) {
        ConnectionStack stack = new ConnectionStack(TlsEngine.best(), sockets);
        double[] millis = run(agentIdentity, serverIdentity, stack, serverNoDelay, rpcs);
        Arrays.sort(millis);
        System.out.printf(
            "agent %s, server TCP_NODELAY %-5s: %d sequential RPCs, mean %.2f ms, median %.2f ms,"
                + " p90 %.2f ms, max %.2f ms%n",
            stack.describe(),
            serverNoDelay,
            rpcs,
            Arrays.stream(millis).average().orElse(0),
            millis[millis.length / 2],
            millis[millis.length * 9 / 10],
            millis[millis.length - 1]);
      }
    }
  }

  private static double[] run(
      LoadedIdentity agentIdentity,
      LoadedIdentity serverIdentity,
      ConnectionStack stack,
      boolean serverNoDelay,
      int rpcs)
      throws Exception {
    Path temp = Files.createTempDirectory("k8s-agent-nagle-bench");
    try (ServerSimulator server =
        new ServerSimulator(
                serverIdentity,
                Set.of(agentIdentity.thumbprint()),
                Duration.ofSeconds(30),
                temp.resolve("server"))
            .using(ConnectionStack.best(), serverNoDelay)) {
      int port = server.start(0);
      PollingSettings settings =
          TransportBench.settings(
              URI.create("https://localhost:" + port), 1, temp.resolve("agent-spool"));
      try (PollingClient agent =
          new PollingClient(
              settings,
              agentIdentity,
              () -> Set.of(serverIdentity.thumbprint()),
              InMemoryAgent.dispatcher(new TransportBench.DiscardingFileTransfer()),
              stack)) {
        agent.start();
        Awaitility.await("one polling connection")
            .atMost(Duration.ofMinutes(1))
            .pollInterval(Duration.ofMillis(10))
            .until(() -> server.subscriberCount() == 1);
        for (int i = 0; i < 20; i++) {
          call(server); // warm-up
        }
        double[] millis = new double[rpcs];
        for (int i = 0; i < rpcs; i++) {
          long start = System.nanoTime();
          call(server);
          millis[i] = (System.nanoTime() - start) / 1e6;
        }
        return millis;
      }
    } finally {
      TransportBench.deleteTree(temp);
    }
  }

  private static void call(ServerSimulator server) throws Exception {
    server
        .call(SUBSCRIPTION, "ICapabilitiesServiceV2", "GetCapabilities", List.of(), List.of())
        .get(1, TimeUnit.MINUTES);
  }
}
