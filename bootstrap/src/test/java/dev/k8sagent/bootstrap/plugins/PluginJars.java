package dev.k8sagent.bootstrap.plugins;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Packs test classes into a plugin jar as a plugin build would: manifest, index and classes. */
final class PluginJars {
  private PluginJars() {}

  /**
   * Writes {@code <id>-plugin.jar} into {@code folder} holding {@code classes}, listed in {@code
   * META-INF/extensions.idx} unless {@code indexed} is false.
   */
  static void write(
      Path folder, String id, boolean indexed, Optional<String> requires, Class<?>... classes)
      throws Exception {
    write(folder, id, indexed, requires, Optional.empty(), classes);
  }

  /** As {@link #write}, with {@code pluginClass} as the plugin's {@code Plugin-Class}. */
  static void write(
      Path folder,
      String id,
      boolean indexed,
      Optional<String> requires,
      Optional<Class<?>> pluginClass,
      Class<?>... classes)
      throws Exception {
    Manifest manifest = new Manifest();
    Attributes main = manifest.getMainAttributes();
    main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    main.putValue("Plugin-Id", id);
    main.putValue("Plugin-Version", "1.0.0");
    main.putValue("Plugin-Provider", "tests");
    requires.ifPresent(r -> main.putValue("Plugin-Requires", r));
    pluginClass.ifPresent(c -> main.putValue("Plugin-Class", c.getName()));
    try (OutputStream file = Files.newOutputStream(folder.resolve(id + "-plugin.jar"));
        JarOutputStream out = new JarOutputStream(file, manifest)) {
      if (indexed) {
        out.putNextEntry(new JarEntry("META-INF/extensions.idx"));
        for (Class<?> type : classes) {
          out.write((type.getName() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        out.closeEntry();
      }
      List<Class<?>> packed = new ArrayList<>(List.of(classes));
      pluginClass.ifPresent(packed::add);
      for (Class<?> type : packed) {
        String classFile = type.getName().replace('.', '/') + ".class";
        out.putNextEntry(new JarEntry(classFile));
        try (InputStream in = type.getClassLoader().getResourceAsStream(classFile)) {
          in.transferTo(out);
        }
        out.closeEntry();
      }
    }
  }
}
