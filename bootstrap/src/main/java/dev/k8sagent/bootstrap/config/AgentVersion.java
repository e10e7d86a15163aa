package dev.k8sagent.bootstrap.config;

import dev.k8sagent.domain.version.SemanticVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** This build's version, stamped into the jar by the build. */
public final class AgentVersion {
  private AgentVersion() {}

  public static SemanticVersion current() {
    Properties properties = new Properties();
    try (InputStream in = AgentVersion.class.getResourceAsStream("/k8s-agent-version.properties")) {
      if (in == null) {
        throw new IllegalStateException("k8s-agent-version.properties is missing from the jar");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return SemanticVersion.parse(properties.getProperty("version"));
  }
}
