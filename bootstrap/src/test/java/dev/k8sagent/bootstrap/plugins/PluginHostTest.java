package dev.k8sagent.bootstrap.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k8sagent.domain.image.ContainerImage;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.domain.version.SemanticVersion;
import dev.k8sagent.ports.out.ImageRequest;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin jar dropped into the plugins folder decides the image of tasks whose step names none,
 * from the host's start to its close, if it was built for this agent's version.
 */
class PluginHostTest {
  private static final SemanticVersion AGENT = SemanticVersion.parse("1.4.0-SNAPSHOT");

  @TempDir Path plugins;
  private PluginHost host;

  @AfterEach
  void close() {
    if (host != null) {
      host.close();
    }
  }

  @Test
  void a_plugin_jar_in_the_plugins_folder_offers_the_image_once_started() throws Exception {
    writePluginJar(plugins.resolve("mirror-plugin.jar"), Optional.empty());
    host = new PluginHost(options(plugins));
    assertThat(host.imageFor(request())).isEmpty();

    host.start();

    assertThat(host.started()).containsExactly("mirror-images");
    assertThat(host.imageFor(request()).map(ContainerImage::reference))
        .contains("registry.example/mirror/tools:1.31");
  }

  @Test
  void closing_the_host_stops_the_plugins_and_withdraws_their_opinion() throws Exception {
    writePluginJar(plugins.resolve("mirror-plugin.jar"), Optional.empty());
    host = new PluginHost(options(plugins));
    host.start();

    host.close();

    assertThat(host.started()).isEmpty();
    assertThat(host.imageFor(request())).isEmpty();
  }

  @Test
  void a_plugin_requiring_a_newer_agent_is_refused() throws Exception {
    writePluginJar(plugins.resolve("mirror-plugin.jar"), Optional.of(">=2.0.0"));
    host = new PluginHost(options(plugins));

    host.start();

    assertThat(host.started()).isEmpty();
    assertThat(host.imageFor(request())).isEmpty();
  }

  @Test
  void a_plugin_requiring_this_release_runs_on_its_pre_release_build() throws Exception {
    writePluginJar(plugins.resolve("mirror-plugin.jar"), Optional.of(">=1.4.0 & <2.0.0"));
    host = new PluginHost(options(plugins));

    host.start();

    assertThat(host.started()).containsExactly("mirror-images");
  }

  @Test
  void an_empty_plugins_folder_means_no_opinion_even_with_extensions_on_the_class_path() {
    host = new PluginHost(options(plugins));
    host.start();

    assertThat(host.imageFor(request())).isEmpty();
  }

  @Test
  void no_plugins_folder_means_no_opinion() {
    host = new PluginHost(options(plugins.resolve("absent")));
    host.start();

    assertThat(host.imageFor(request())).isEmpty();
  }

  private static PluginHost.Options options(Path folder) {
    return new PluginHost.Options(folder, AGENT, Duration.ofSeconds(5), false, id -> Map.of());
  }

  private static ImageRequest request() {
    return new ImageRequest(
        new ScriptTicket("plugin-task"), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** The jar a plugin build makes: manifest, extension index and the extension's class. */
  private static void writePluginJar(Path jar, Optional<String> requires) throws Exception {
    Manifest manifest = new Manifest();
    Attributes main = manifest.getMainAttributes();
    main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    main.putValue("Plugin-Id", "mirror-images");
    main.putValue("Plugin-Version", "1.0.0");
    main.putValue("Plugin-Provider", "tests");
    requires.ifPresent(r -> main.putValue("Plugin-Requires", r));
    String className = MirrorImagePlugin.class.getName();
    String classFile = className.replace('.', '/') + ".class";
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest)) {
      out.putNextEntry(new JarEntry("META-INF/extensions.idx"));
      out.write((className + "\n").getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
      out.putNextEntry(new JarEntry(classFile));
      try (var in = MirrorImagePlugin.class.getClassLoader().getResourceAsStream(classFile)) {
        in.transferTo(out);
      }
      out.closeEntry();
    }
  }
}
