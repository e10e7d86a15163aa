package dev.k8sagent.adapters.octopus.bench;

import dev.k8sagent.adapters.octopus.halibut.netty.ConnectionStack;
import dev.k8sagent.adapters.octopus.halibut.netty.SocketTransport;
import dev.k8sagent.adapters.octopus.halibut.netty.TlsEngine;
import dev.k8sagent.adapters.octopus.halibut.polling.PollingClient;
import dev.k8sagent.adapters.octopus.halibut.polling.PollingSettings;
import dev.k8sagent.adapters.octopus.halibut.service.InMemoryAgent;
import dev.k8sagent.adapters.octopus.halibut.service.ServiceDispatcher;
import dev.k8sagent.adapters.octopus.identity.AgentCertificates;
import dev.k8sagent.adapters.octopus.identity.LoadedIdentity;
import dev.k8sagent.adapters.octopus.simulator.RawTlsLoopback;
import dev.k8sagent.adapters.octopus.simulator.ScriptServiceCalls;
import dev.k8sagent.adapters.octopus.simulator.ServerSimulator;
import dev.k8sagent.adapters.octopus.simulator.SimulatedResponse;
import dev.k8sagent.adapters.octopus.simulator.ThreadCpu;
import dev.k8sagent.ports.content.Content;
import dev.k8sagent.ports.in.DownloadFile;
import dev.k8sagent.ports.in.FileTransfer;
import dev.k8sagent.ports.in.UploadFile;
import dev.k8sagent.ports.in.UploadResult;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * Benchmark, not a test: small RPCs per second over 5 polling connections, and upload MiB/s for a
 * large stream next to a raw TLS loopback copy of the same number of bytes in the same run, with
 * the heap growth seen during the upload. The agent and the simulator both use the TLS engine asked
 * for ({@code best}: OpenSSL where it loads).
 *
 * <pre>
 * java -cp adapters-octopus/simulator/target/test-classes:adapters-octopus/simulator/target/classes:$(cat /tmp/cp.txt) \
 *     dev.k8sagent.adapters.octopus.bench.TransportBench [rpcs] [uploadMiB] [tcp|wss] [best|jdk|openssl]
 * </pre>
 */
public final class TransportBench {
  static final String SUBSCRIPTION = "poll://abcdefghjk23456789ab/";

  /** Small RPCs sent, untimed, before the timed ones. */
  static final int RPC_WARM_UP = 20_000;

  public static void main(String[] args) throws Exception {
    int rpcs = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    long uploadMiB = args.length > 1 ? Long.parseLong(args[1]) : 1024;
    boolean webSocket = args.length > 2 && args[2].equalsIgnoreCase("wss");
    ConnectionStack stack =
        args.length > 3 && !args[3].equals("best")
            ? new ConnectionStack(
                TlsEngine.valueOf(args[3].toUpperCase(java.util.Locale.ROOT)),
                SocketTransport.best())
            : ConnectionStack.best();
    System.out.println("Agent and simulator: " + stack.describe());
    Path temp = Files.createTempDirectory("k8s-agent-transport-bench");
    LoadedIdentity agentIdentity = identity("agent");
    LoadedIdentity serverIdentity = identity("server");
    try (ServerSimulator server =
        new ServerSimulator(
            serverIdentity,
            Set.of(agentIdentity.thumbprint()),
            Duration.ofSeconds(30),
            temp.resolve("server"))) {
      server.using(stack, true);
      int port = webSocket ? server.startWebSocket(0) : server.start(0);
      ServiceDispatcher dispatcher = InMemoryAgent.dispatcher(new DiscardingFileTransfer());
      PollingSettings settings =
          settings(
              URI.create(
                  webSocket
                      ? "wss://localhost:" + port + "/OctopusComms"
                      : "https://localhost:" + port),
              5,
              temp.resolve("agent-spool"));
      try (PollingClient agent =
          new PollingClient(
              settings,
              agentIdentity,
              () -> Set.of(serverIdentity.thumbprint()),
              dispatcher,
              stack)) {
        agent.start();
        Awaitility.await("five polling connections")
            .atMost(Duration.ofMinutes(1))
            .pollInterval(Duration.ofMillis(10))
            .until(() -> server.subscriberCount() == 5);
        // Warm-up: with fewer, the C2 compiler was still compiling the RPC path through much of the
        // timed run, so the figure measured compilation as much as the path.
        rpcs(server, Math.min(RPC_WARM_UP, rpcs));
        long start = System.nanoTime();
        long cpuStart = ThreadCpu.processNanos();
        long allocatedStart = allocatedBytes();
        ThreadCpu agentCpu =
            ThreadCpu.start(PollingClient.IO_THREADS, PollingClient.REQUEST_THREADS);
        ThreadCpu simulatorCpu = ThreadCpu.start("simulator-", "DestroyJavaVM", "main");
        rpcs(server, rpcs);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
            "RPCs: %d GetCapabilities over 5 connections in %.2f s = %.0f RPC/s; process CPU %.1f µs"
                + " and %.1f KiB allocated per RPC (agent and simulator together); CPU per RPC of"
                + " the agent's threads %.1f µs, of the simulator's and this bench's %.1f µs%n",
            rpcs,
            seconds,
            rpcs / seconds,
            (ThreadCpu.processNanos() - cpuStart) / 1e3 / rpcs,
            (allocatedBytes() - allocatedStart) / 1024.0 / rpcs,
            agentCpu.nanos() / 1e3 / rpcs,
            simulatorCpu.nanos() / 1e3 / rpcs);

        long bytes = uploadMiB * 1024 * 1024;
        Path source = temp.resolve("upload.bin");
        writeZeros(source, bytes);
        // Both transfers once, untimed, before either is timed: the raw copy ran cold after the
        // upload and came out at a fifth to a third of its warm speed, which flattered the ratio.
        ScriptServiceCalls calls =
            new ScriptServiceCalls(server, SUBSCRIPTION, Duration.ofMinutes(30));
        long warmUpBytes = Math.min(bytes, Math.max(64L << 20, bytes / 4));
        Path warmUpSource = temp.resolve("warm-up.bin");
        writeZeros(warmUpSource, warmUpBytes);
        System.out.printf("Warming up: upload and raw TLS copy of %d MiB%n", warmUpBytes / 1048576);
        calls.upload("Work/warm-up.bin", Content.ofFile(warmUpSource));
        RawTlsLoopback raw = new RawTlsLoopback(serverIdentity);
        raw.copy(warmUpBytes);
        Files.delete(warmUpSource);
        System.gc();
        long heapBefore = usedHeap();
        AtomicLong peak = new AtomicLong(heapBefore);
        Thread sampler = sampler(peak);
        ThreadCpu agentUploadCpu =
            ThreadCpu.start(PollingClient.IO_THREADS, PollingClient.REQUEST_THREADS);
        start = System.nanoTime();
        calls.upload("Work/big.bin", Content.ofFile(source));
        seconds = (System.nanoTime() - start) / 1e9;
        sampler.interrupt();
        long agentNanos = agentUploadCpu.nanos();
        System.out.printf(
            "Upload: %d MiB in %.2f s = %.1f MiB/s (read by the upload use case as it arrives); heap growth during"
                + " the upload at most %.1f MiB; CPU per MiB of the agent's threads %.0f µs%n",
            uploadMiB,
            seconds,
            uploadMiB / seconds,
            (peak.get() - heapBefore) / 1048576.0,
            agentNanos / 1e3 / uploadMiB);
        RawTlsLoopback.Copy copy = raw.measuredCopy(bytes);
        System.out.printf(
            "Raw TLS loopback copy of the same bytes: %.1f MiB/s; CPU per MiB of its receiving"
                + " thread %.0f µs%n",
            copy.mibPerSecond(), copy.receiverCpuNanos() / 1e3 / uploadMiB);
      }
    } finally {
      deleteTree(temp);
    }
    System.out.printf(
        "cpus=%d java=%s max heap=%d MiB%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() / 1048576);
  }

  private static void rpcs(ServerSimulator server, int count) throws Exception {
    List<CompletableFuture<SimulatedResponse>> calls = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      calls.add(
          server.call(
              SUBSCRIPTION, "ICapabilitiesServiceV2", "GetCapabilities", List.of(), List.of()));
    }
    for (CompletableFuture<SimulatedResponse> call : calls) {
      call.get(5, TimeUnit.MINUTES);
    }
  }

  private static Thread sampler(AtomicLong peak) {
    Thread thread =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(usedHeap(), Math::max);
                try {
                  Thread.sleep(20);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static void writeZeros(Path file, long size) throws java.io.IOException {
    byte[] block = new byte[1 << 20];
    new java.util.Random(1).nextBytes(block);
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long written = 0; written < size; written += block.length) {
        out.write(block, 0, (int) Math.min(block.length, size - written));
      }
    }
  }

  /** Bytes allocated so far by the threads alive now: a figure the machine's load does not move. */
  private static long allocatedBytes() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long total = 0;
    for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
      total += Math.max(0, bytes);
    }
    return total;
  }

  private static long usedHeap() {
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }

  /** Polling {@code address} with {@code connections} connections as {@link #SUBSCRIPTION}. */
  static PollingSettings settings(URI address, int connections, Path spool) {
    return new PollingSettings(
        List.of(address),
        connections,
        SUBSCRIPTION,
        PollingSettings.DEFAULT_MAX_MESSAGE_BYTES,
        Long.MAX_VALUE,
        Duration.ofSeconds(5),
        Duration.ofSeconds(60),
        Duration.ofMillis(100),
        Duration.ofSeconds(1),
        spool,
        Optional.empty(),
        List.of());
  }

  static void deleteTree(Path root) throws java.io.IOException {
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static LoadedIdentity identity(String name) {
    return AgentCertificates.load(
        AgentCertificates.generate(name, Clock.systemUTC(), new SecureRandom()));
  }

  /**
   * Reads the whole upload (as storing it would) and keeps nothing, so disk speed is not measured
   * twice.
   */
  static final class DiscardingFileTransfer implements FileTransfer {
    @Override
    public UploadResult upload(UploadFile command) {
      try (InputStream in = command.contents().open()) {
        long length = in.transferTo(OutputStream.nullOutputStream());
        return new UploadResult("/octopus/" + command.remotePath(), "0".repeat(40), length);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public Optional<Content> download(DownloadFile query) {
      return Optional.empty();
    }
  }
}
