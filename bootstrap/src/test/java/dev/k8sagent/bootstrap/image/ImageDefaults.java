package dev.k8sagent.bootstrap.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The image settings of bootstrap/pom.xml, filtered into {@code image.properties} by the build. */
public final class ImageDefaults {
  private ImageDefaults() {}

  /** {@code image.jvmOptions}: the image's default {@code JDK_JAVA_OPTIONS}. */
  public static String jvmOptions() {
    Properties image = new Properties();
    try (InputStream in = ImageDefaults.class.getResourceAsStream("/image.properties")) {
      if (in == null) {
        throw new IllegalStateException(
            "image.properties is not on the class path; build bootstrap's test resources");
      }
      image.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return image.getProperty("jvmOptions");
  }
}
