package dev.k8sagent.bootstrap.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.k8sagent.bootstrap.config.AgentSettings;
import dev.k8sagent.bootstrap.config.AgentSettingsTest;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.ports.out.ImageRequest;
import dev.k8sagent.ports.out.ToolingImages;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin jar dropped into the plugins folder decides the image of tasks whose step names none.
 */
class PluginLoadingTest {
  @TempDir Path plugins;

  @Test
  void a_plugin_jar_in_the_plugins_folder_offers_the_image() throws Exception {
    writePluginJar(plugins.resolve("mirror-plugin.jar"));
    Map<String, String> env = AgentSettingsTest.chartEnvironment();
    env.put("K8SAGENT_PLUGINS_DIRECTORY", plugins.toString());
    env.put("K8SAGENT_PODS", "local");
    AgentSettings settings = AgentSettings.from(ConfigFactory.load(), env);

    ToolingImages images = new CoreModule(settings).toolingImages();

    assertThat(images.imageFor(request()).map(i -> i.reference()))
        .contains("registry.example/mirror/tools:1.31");
  }

  @Test
  void an_empty_plugins_folder_means_no_opinion_even_with_extensions_on_the_class_path() {
    Map<String, String> env = AgentSettingsTest.chartEnvironment();
    env.put("K8SAGENT_PLUGINS_DIRECTORY", plugins.toString());
    env.put("K8SAGENT_PODS", "local");
    AgentSettings settings = AgentSettings.from(ConfigFactory.load(), env);

    assertThat(new CoreModule(settings).toolingImages().imageFor(request())).isEmpty();
  }

  @Test
  void no_plugins_folder_means_no_opinion() {
    Map<String, String> env = AgentSettingsTest.chartEnvironment();
    env.put("K8SAGENT_PLUGINS_DIRECTORY", plugins.resolve("absent").toString());
    env.put("K8SAGENT_PODS", "local");
    AgentSettings settings = AgentSettings.from(ConfigFactory.load(), env);

    assertThat(new CoreModule(settings).toolingImages().imageFor(request())).isEmpty();
  }

  private static ImageRequest request() {
    return new ImageRequest(
        new ScriptTicket("plugin-task"), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** The jar a plugin build makes: manifest, extension index and the extension's class. */
  private static void writePluginJar(Path jar) throws Exception {
    Manifest manifest = new Manifest();
    Attributes main = manifest.getMainAttributes();
    main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    main.putValue("Plugin-Id", "mirror-images");
    main.putValue("Plugin-Version", "1.0.0");
    main.putValue("Plugin-Provider", "tests");
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
