package dev.k8sagent.bootstrap.bench;

import com.google.gson.GsonBuilder;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code k8s-agent bench} measured: each figure of the agent beside its baseline measured in
 * the same run, and what carried the connections.
 *
 * @param tlsEngine the agent's TLS engine, e.g. "OpenSSL (BoringSSL)"
 * @param transport the agent's socket transport, "epoll" or "NIO"
 * @param upload the agent receiving a file over a data stream, against a raw TLS copy, MiB/s
 * @param uploadCpu CPU microseconds per MiB uploaded of the agent's connection and request threads
 *     (taking the bytes off TLS, hashing them, handing them to the file system), against the raw
 *     copy's receiving thread (taking them off JDK TLS only): what each side needs of a core, the
 *     sender aside
 * @param download the agent sending the file back, against the same raw copy, MiB/s
 * @param rpcs small RPCs per second over the connections, against raw TLS round trips
 * @param rpcCpu CPU microseconds per RPC of the agent's own threads, against the whole process's
 *     (agent, server simulator, compilers and GC): what the agent would need per RPC with the
 *     server on another machine, and its share of the figure above
 * @param output task output lines per second reaching the server, against the same scripts read
 *     through a pipe
 * @param rssMiB resident memory of this process with the agent idle and connected, against before
 *     the agent started (the JVM and the simulator)
 */
public record BenchReport(
    BenchOptions options,
    String tlsEngine,
    String transport,
    Figure upload,
    Figure uploadCpu,
    Figure download,
    Figure rpcs,
    Figure rpcCpu,
    Figure output,
    Figure rssMiB) {

  /** One figure: the agent's, its baseline's, and their ratio. */
  public record Figure(String unit, double agent, double baseline) {
    public double ratio() {
      return baseline == 0 ? 0 : agent / baseline;
    }

    Map<String, Object> json() {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("unit", unit);
      map.put("agent", round(agent));
      map.put("baseline", round(baseline));
      map.put("ratio", Math.round(ratio() * 1000) / 1000.0);
      return map;
    }

    private static double round(double value) {
      return Math.round(value * 10) / 10.0;
    }
  }

  /** One JSON object on one line, for machines. */
  public String toJson() {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("sizeMiB", options.transferMiB());
    settings.put("rpcs", options.rpcs());
    settings.put("connections", options.connections());
    settings.put("tasks", options.tasks());
    settings.put("lines", options.lines());
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("tlsEngine", tlsEngine);
    root.put("transport", transport);
    root.put("options", settings);
    root.put("upload", upload.json());
    root.put("uploadCpu", uploadCpu.json());
    root.put("download", download.json());
    root.put("rpcs", rpcs.json());
    root.put("rpcCpu", rpcCpu.json());
    root.put("outputLines", output.json());
    root.put("rss", rssMiB.json());
    return new GsonBuilder().disableHtmlEscaping().create().toJson(root);
  }

  /** A table for a person. */
  public void print(PrintStream out) {
    out.printf("TLS engine %s, transport %s%n", tlsEngine, transport);
    out.printf(Locale.ROOT, "%-38s %14s %14s %7s%n", "figure", "agent", "baseline", "ratio");
    row(out, "upload " + options.transferMiB() + " MiB", upload, "raw TLS copy");
    row(out, "CPU per MiB uploaded, agent's threads", uploadCpu, "raw TLS receiver");
    row(out, "download " + options.transferMiB() + " MiB", download, "raw TLS copy");
    row(out, "RPCs over " + options.connections() + " connections", rpcs, "raw TLS round trips");
    row(out, "CPU per RPC, agent's threads", rpcCpu, "whole process");
    row(
        out,
        "output, " + options.tasks() + " tasks x " + options.lines() + " lines",
        output,
        "same scripts, piped");
    row(out, "resident memory, agent idle", rssMiB, "before the agent");
  }

  private static void row(PrintStream out, String name, Figure figure, String baseline) {
    out.printf(
        Locale.ROOT,
        "%-38s %14s %14s %7.2f  (baseline: %s)%n",
        name,
        format(figure.agent(), figure.unit()),
        format(figure.baseline(), figure.unit()),
        figure.ratio(),
        baseline);
  }

  private static String format(double value, String unit) {
    return String.format(Locale.ROOT, value >= 100 ? "%.0f %s" : "%.1f %s", value, unit);
  }
}
