package dev.k8sagent.bootstrap;

import dev.k8sagent.bootstrap.config.LogSettings;
import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Log output: one line per record as text, or one JSON object per line; level from settings. */
public final class Logging {
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
    root.setLevel(settings.level());
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
