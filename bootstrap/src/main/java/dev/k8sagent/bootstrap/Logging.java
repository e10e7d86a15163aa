package dev.k8sagent.bootstrap;

import dev.k8sagent.bootstrap.config.AgentSettings;
import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Log output: one line per record as text, or one JSON object per line; level from settings. */
public final class Logging {
  private Logging() {}

  public static void configure(AgentSettings.LogSettings settings) {
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
    @Override
    public String format(LogRecord record) {
      StringBuilder out = new StringBuilder("{\"time\":\"");
      out.append(Instant.ofEpochMilli(record.getMillis()))
          .append("\",\"level\":\"")
          .append(record.getLevel().getName())
          .append("\",\"logger\":")
          .append(quote(record.getLoggerName()))
          .append(",\"message\":")
          .append(quote(formatMessage(record)));
      if (record.getThrown() != null) {
        out.append(",\"error\":").append(quote(String.valueOf(record.getThrown())));
      }
      return out.append("}\n").toString();
    }

    static String quote(String text) {
      if (text == null) {
        return "null";
      }
      StringBuilder out = new StringBuilder("\"");
      for (char c : text.toCharArray()) {
        switch (c) {
          case '"' -> out.append("\\\"");
          case '\\' -> out.append("\\\\");
          case '\n' -> out.append("\\n");
          case '\r' -> out.append("\\r");
          case '\t' -> out.append("\\t");
          default -> {
            if (c < 0x20) {
              out.append(String.format("\\u%04x", (int) c));
            } else {
              out.append(c);
            }
          }
        }
      }
      return out.append('"').toString();
    }
  }
}
