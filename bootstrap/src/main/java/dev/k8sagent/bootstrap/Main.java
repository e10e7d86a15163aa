package dev.k8sagent.bootstrap;

/** Process entry point. */
public final class Main {
  private Main() {}

  /** One line per record: time, level, logger, message, then the exception if any. */
  static final String LOG_FORMAT = "%1$tFT%1$tT.%1$tLZ %4$-7s %3$s - %5$s%6$s%n";

  public static void main(String[] args) {
    if (System.getProperty("io.netty.leakDetection.level") == null) {
      // Netty samples one buffer in 128 for leak tracking, a stack walk each; tests keep it on
      System.setProperty("io.netty.leakDetection.level", "disabled");
    }
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", LOG_FORMAT);
    }
    if (System.getProperty("java.util.logging.manager") == null) {
      // before the first logger: keeps logging alive while the shutdown hook stops the agent
      System.setProperty("java.util.logging.manager", Logging.ShutdownLogManager.class.getName());
    }
    if (System.getProperty("io.netty.jfr.enabled") == null) {
      // Netty's buffer allocator registers Flight Recorder events at its first chunk: about 110
      // classes and 0.15 s of CPU at every start, for recordings nobody takes of the agent
      System.setProperty("io.netty.jfr.enabled", "false");
    }
    System.exit(new Cli(System.out, System.err).run(args));
  }
}
