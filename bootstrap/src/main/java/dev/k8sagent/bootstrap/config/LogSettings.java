package dev.k8sagent.bootstrap.config;

import java.util.List;
import java.util.Locale;
import java.util.logging.Level;

/** How logs are written: one line of text or one JSON object per record, and from which level. */
public record LogSettings(boolean json, Level level) {
  /** The log formats {@code k8s-agent.log-format} accepts. */
  enum Format {
    TEXT,
    JSON
  }

  static LogSettings read(SettingsReader in) {
    Format format = in.choice("log-format", Format.class);
    String name = "OCTOPUS__TENTACLE__LOGLEVEL";
    String level = in.variable(name).orElseThrow().toLowerCase(Locale.ROOT);
    Level parsed =
        switch (level) {
          case "verbose", "trace", "debug" -> Level.FINE;
          case "info", "information" -> Level.INFO;
          case "warn", "warning" -> Level.WARNING;
          case "error", "fatal" -> Level.SEVERE;
          default -> {
            in.problem(name + " must be Verbose, Info, Warn or Error, got '" + level + "'");
            yield Level.INFO;
          }
        };
    return new LogSettings(format == Format.JSON, parsed);
  }

  List<String> describe() {
    return List.of("log:         " + (json ? "json" : "text") + " from " + level.getName());
  }
}
