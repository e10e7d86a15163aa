package dev.k8sagent.bootstrap.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the agent keeps: its home on the shared volume (task workspaces), how long abandoned tasks
 * and orphaned workspaces are kept, and where its own state lives (a Secret in a cluster, a file
 * outside one).
 */
public record StorageSettings(
    String home, Duration workspaceRetention, Optional<Path> stateFile, String stateSecret) {

  static StorageSettings read(SettingsReader in, Optional<String> releaseName) {
    String secret = in.text("state-secret");
    return new StorageSettings(
        in.variable("TentacleHome").orElseThrow(),
        in.duration("workspace-retention"),
        in.optionalPath("state-file"),
        secret.isBlank() ? releaseName.orElse("k8s-agent") + "-k8s-agent-state" : secret);
  }

  List<String> describe() {
    String retention = workspaceRetention.toString().substring(2).toLowerCase(Locale.ROOT);
    return List.of("home:        " + home + ", workspaces kept " + retention);
  }
}
