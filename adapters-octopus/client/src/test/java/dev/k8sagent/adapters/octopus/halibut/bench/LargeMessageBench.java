package dev.k8sagent.adapters.octopus.halibut.bench;

import dev.k8sagent.adapters.octopus.halibut.bson.NetGuid;
import dev.k8sagent.adapters.octopus.halibut.message.Envelope;
import dev.k8sagent.adapters.octopus.halibut.message.RequestMessage;
import dev.k8sagent.adapters.octopus.halibut.netty.InboundFrame;
import dev.k8sagent.adapters.octopus.halibut.netty.InboundFrameDecoder;
import dev.k8sagent.adapters.octopus.halibut.wire.MessageDeflater;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A benchmark, not a test: what one legal but large message costs the agent to decode. The message
 * is about 7 MiB of BSON holding an array of 600,000 int32 values (as issue #15 describes); it is
 * fed to the frame decoder {@code [rounds]} times in 64 KiB pieces, as the socket delivers it, on
 * {@code [connections]} decoders one after the other. Prints the process's VmRSS, threads and file
 * descriptors before and after, the bytes allocated per message and the heap still used after a GC.
 *
 * <pre>
 * java -Xmx512m -cp ... dev.k8sagent.adapters.octopus.halibut.bench.LargeMessageBench [rounds] [connections]
 * </pre>
 */
public final class LargeMessageBench {
  private LargeMessageBench() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int connections = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    List<Object> values = new ArrayList<>(600_000);
    for (int i = 0; i < 600_000; i++) {
      values.add(1_000_000 + i);
    }
    RequestMessage request =
        new RequestMessage(
            "IScriptServiceV2::StartScriptAsync[1] / x",
            NetGuid.random(),
            "IScriptServiceV2",
            "StartScript",
            List.of(values));
    byte[] bson = Envelope.request(Optional.of(request));
    byte[] wire = MessageDeflater.deflate(bson);
    values = null;
    request = null;
    System.gc();
    report("before", bson.length, wire.length);

    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long allocatedBefore = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
    List<EmbeddedChannel> open = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      open.add(new EmbeddedChannel(new InboundFrameDecoder(8 * 1024 * 1024, 1L << 40)));
    }
    Object kept = null;
    for (int round = 0; round < rounds; round++) {
      for (EmbeddedChannel channel : open) {
        for (int i = 0; i < wire.length; i += 64 * 1024) {
          channel.writeInbound(
              Unpooled.wrappedBuffer(wire, i, Math.min(64 * 1024, wire.length - i)));
        }
        Object frame = channel.readInbound();
        if (!(frame instanceof InboundFrame.Message)) {
          throw new IllegalStateException("no message decoded: " + frame);
        }
        kept = frame; // the last one stays alive, as a request in flight does
        channel.writeInbound(
            Unpooled.copiedBuffer("PROCEED\r\n", java.nio.charset.StandardCharsets.US_ASCII));
        channel.readInbound();
      }
    }
    long allocated =
        threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - allocatedBefore;
    System.out.printf(
        "allocated per message: %.1f MiB%n",
        allocated / (double) (rounds * connections) / (1024 * 1024));
    System.gc();
    report("after (one decoded message held)", bson.length, wire.length);
    if (kept.hashCode() == 42) {
      System.out.print("");
    }
  }

  private static void report(String when, int bsonBytes, int wireBytes) throws Exception {
    Runtime runtime = Runtime.getRuntime();
    long heapUsed = runtime.totalMemory() - runtime.freeMemory();
    long fds;
    try (var list = Files.list(Path.of("/proc/self/fd"))) {
      fds = list.count();
    }
    String rss =
        Files.readAllLines(Path.of("/proc/self/status")).stream()
            .filter(line -> line.startsWith("VmRSS"))
            .findFirst()
            .orElse("VmRSS: ?");
    System.out.printf(
        "%s: %s, heap used %.1f MiB, threads %d, fds %d (message %.1f MiB BSON, %.1f MiB on the"
            + " wire)%n",
        when,
        rss.replaceAll("\\s+", " "),
        heapUsed / (1024.0 * 1024),
        Thread.activeCount(),
        fds,
        bsonBytes / (1024.0 * 1024),
        wireBytes / (1024.0 * 1024));
  }
}
