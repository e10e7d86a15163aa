package dev.k8sagent.bootstrap;

import dev.k8sagent.bootstrap.config.LogSettings;
import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Log output: one line per record as text, or one JSON object per line; level from settings.
 *
 * <p>{@code Verbose} and {@code Debug} show the agent's own detail ({@code dev.k8sagent.*}); the
 * libraries stay at info, because at their debug level they print what is expected as if it were
 * wrong (Guice logs a stack trace on every start on a JDK 17, the JDK's HTTP client every byte).
 * {@code Trace} shows everything, except Guice's expected fallback.
 */
public final class Logging {
  /** Held here: a logger whose level was set must not be collected, or the level is lost. */
  private static final Logger AGENT = Logger.getLogger("dev.k8sagent");

  /** Guice logs at debug level, with a stack trace, that it cannot use a JDK-internal definer. */
  private static final Logger GUICE = Logger.getLogger("com.google.inject");

  private Logging() {}

  public static void configure(LogSettings settings) {
    Logger root = Logger.getLogger("");
    for (Handler handler : root.getHandlers()) {
      root.removeHandler(handler);
    }
    ConsoleHandler console = new ConsoleHandler();
    console.setLevel(settings.level());
    console.setFormatter(
        settings.json() ? new JsonFormatter() : new java.util.logging.SimpleFormatter());
    root.addHandler(console);
    Level level = settings.level();
    boolean everything = level.intValue() <= Level.FINEST.intValue();
    root.setLevel(everything || level.intValue() >= Level.INFO.intValue() ? level : Level.INFO);
    AGENT.setLevel(level);
    GUICE.setLevel(level.intValue() > Level.INFO.intValue() ? level : Level.INFO);
  }

  /**
   * The JDK resets logging in a shutdown hook of its own, which races the agent's hook and can
   * swallow the lines that say how the agent stopped. This manager ignores that reset; handlers are
   * flushed by the agent's hook instead.
   */
  public static final class ShutdownLogManager extends java.util.logging.LogManager {
    @Override
    public void reset() {
      if (!shuttingDown()) {
        super.reset();
      }
    }

    private static boolean shuttingDown() {
      try {
        Thread probe = new Thread(() -> {});
        Runtime.getRuntime().addShutdownHook(probe);
        Runtime.getRuntime().removeShutdownHook(probe);
        return false;
      } catch (IllegalStateException e) {
        return true;
      }
    }
  }

  /** Flushes every handler of the root logger. */
  public static void flush() {
    for (Handler handler : Logger.getLogger("").getHandlers()) {
      handler.flush();
    }
  }

  /** {@code {"time":…,"level":…,"logger":…,"message":…,"error":…}} per line. */
  static final class JsonFormatter extends Formatter {
    private static final com.google.gson.Gson JSON =
        new com.google.gson.GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    @Override
    public String format(LogRecord record) {
      com.google.gson.JsonObject line = new com.google.gson.JsonObject();
      line.addProperty("time", Instant.ofEpochMilli(record.getMillis()).toString());
      line.addProperty("level", record.getLevel().getName());
      line.addProperty("logger", record.getLoggerName());
      line.addProperty("message", formatMessage(record));
      if (record.getThrown() != null) {
        line.addProperty("error", String.valueOf(record.getThrown()));
      }
      return JSON.toJson(line) + "\n";
    }
  }
}
