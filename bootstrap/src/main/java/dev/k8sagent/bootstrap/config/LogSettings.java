package dev.k8sagent.bootstrap.config;

import dev.k8sagent.domain.text.CloseMatches;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;

/** How logs are written: one line of text or one JSON object per record, and from which level. */
public record LogSettings(boolean json, Level level) {
  /** The log formats {@code k8s-agent.log-format} accepts. */
  enum Format {
    TEXT,
    JSON
  }

  /**
   * The official agent's level names (NLog's, and Tentacle's {@code Verbose}), any case, and the
   * JDK level each means: Trace is everything, Verbose and Debug the agent's detail, Fatal only
   * errors.
   */
  private static final Map<String, Level> LEVELS =
      Map.of(
          "trace", Level.FINEST,
          "verbose", Level.FINE,
          "debug", Level.FINE,
          "info", Level.INFO,
          "information", Level.INFO,
          "warn", Level.WARNING,
          "warning", Level.WARNING,
          "error", Level.SEVERE,
          "fatal", Level.SEVERE);

  private static final List<String> NAMES =
      List.of(
          "Trace", "Verbose", "Debug", "Info", "Information", "Warn", "Warning", "Error", "Fatal");

  static LogSettings read(SettingsReader in) {
    Format format = in.choice("log-format", Format.class);
    String name = "OCTOPUS__TENTACLE__LOGLEVEL";
    String level = in.variable(name).orElseThrow();
    Level parsed = LEVELS.get(level.toLowerCase(Locale.ROOT));
    if (parsed == null) {
      in.problem(
          name
              + " must be Verbose, Info, Warn or Error (or Trace, Debug, Information, Warning,"
              + " Fatal); got '"
              + level
              + "'"
              + CloseMatches.didYouMean(level, NAMES));
      parsed = Level.INFO;
    }
    return new LogSettings(format == Format.JSON, parsed);
  }

  List<String> describe() {
    return List.of("log:         " + (json ? "json" : "text") + " from " + level.getName());
  }
}
