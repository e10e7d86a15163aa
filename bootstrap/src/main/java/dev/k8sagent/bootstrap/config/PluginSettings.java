package dev.k8sagent.bootstrap.config;

import java.nio.file.Path;
import java.util.List;

/** Where plugin jars are loaded from. */
public record PluginSettings(Path directory) {
  static PluginSettings read(SettingsReader in) {
    return new PluginSettings(Path.of(in.text("plugins-directory")));
  }

  List<String> describe() {
    return List.of("plugins:     " + directory);
  }
}
