package dev.k8sagent.bootstrap.plugins;

import dev.k8sagent.ports.out.TaskObservers;
import dev.k8sagent.ports.out.contract.TaskObserversContract;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin host as the core sees it: {@link TaskObservers} over the task journal example jar as
 * the build makes it, what it was told read back from the journal it writes.
 */
class PluginHostTaskObserversTest extends TaskObserversContract {
  private static final Pattern LINE =
      Pattern.compile(
          "\"event\":\"(\\w+)\",\"task\":\"([^\"]+)\",(?:\"image\":\"([^\"]+)\"|\"exitCode\":(-?\\d+))");

  @TempDir Path folder;
  private PluginHost host;

  @Override
  protected TaskObservers observers() {
    try {
      Path plugins = Files.createDirectories(folder.resolve("plugins"));
      try (DirectoryStream<Path> jars =
          Files.newDirectoryStream(
              Path.of("target", "example-plugins"), "k8s-agent-plugin-task-journal-*.jar")) {
        for (Path jar : jars) {
          Files.copy(jar, plugins.resolve(jar.getFileName()));
        }
      }
      host =
          Hosts.started(
              plugins,
              id -> Map.of("file", journal().toString(), "events", "started,ended"),
              List.of());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return host;
  }

  @Override
  protected List<String> told() throws Exception {
    if (!Files.exists(journal())) {
      return List.of();
    }
    return Files.readAllLines(journal()).stream().map(PluginHostTaskObserversTest::told).toList();
  }

  private static String told(String line) {
    Matcher m = LINE.matcher(line);
    if (!m.find()) {
      return "unreadable: " + line;
    }
    return m.group(1) + " " + m.group(2) + " " + (m.group(3) != null ? m.group(3) : m.group(4));
  }

  private Path journal() {
    return folder.resolve("journal.jsonl");
  }

  @AfterEach
  void close() {
    if (host != null) {
      host.close();
    }
  }
}
