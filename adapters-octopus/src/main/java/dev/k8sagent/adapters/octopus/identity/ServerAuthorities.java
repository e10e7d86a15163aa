package dev.k8sagent.adapters.octopus.identity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The extra certificates a user trusts for the server's HTTPS endpoint: the PEM file the chart
 * mounts at {@value #DEFAULT_FILE} (chart value {@code agent.serverCertificate}), a CA or a
 * self-signed certificate, possibly several in one file. No file means no extra trust.
 */
public final class ServerAuthorities {
  public static final String DEFAULT_FILE = "/etc/ssl/certs/octopus-server-certificate.pem";

  private ServerAuthorities() {}

  /**
   * The certificates in {@code file}; empty when it does not exist.
   *
   * @throws IllegalArgumentException naming the file when it exists but holds no readable
   *     certificate
   */
  public static List<X509Certificate> load(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Cannot read the server certificate file " + file + ": " + e.getMessage(), e);
    }
    List<X509Certificate> certificates = new ArrayList<>();
    try (InputStream in = new java.io.ByteArrayInputStream(bytes)) {
      for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        certificates.add((X509Certificate) certificate);
      }
    } catch (CertificateException | IOException e) {
      throw new IllegalArgumentException(
          "The server certificate file "
              + file
              + " is not a PEM certificate (chart value agent.serverCertificate must be the"
              + " base64 of a PEM file): "
              + e.getMessage(),
          e);
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException(
          "The server certificate file " + file + " holds no certificate");
    }
    return List.copyOf(certificates);
  }
}
