package dev.k8sagent.adapters.octopus.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.k8sagent.ports.out.AgentIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerAuthoritiesTest {
  @TempDir Path temp;

  @Test
  void no_file_means_no_extra_trust() {
    assertEquals(List.of(), ServerAuthorities.load(temp.resolve("absent.pem")));
  }

  @Test
  void every_certificate_in_the_file_is_trusted() throws Exception {
    AgentIdentity ca = AgentCertificates.generate("ca", Clock.systemUTC(), new SecureRandom());
    AgentIdentity other =
        AgentCertificates.generate("other", Clock.systemUTC(), new SecureRandom());
    Path file = temp.resolve("octopus-server-certificate.pem");
    Files.writeString(file, ca.certificatePem() + "\n" + other.certificatePem());
    List<java.security.cert.X509Certificate> loaded = ServerAuthorities.load(file);
    assertEquals(2, loaded.size());
    assertEquals(
        AgentCertificates.load(ca).thumbprint(), AgentCertificates.thumbprint(loaded.get(0)));
  }

  @Test
  void a_file_that_is_not_a_certificate_is_refused_naming_the_file() throws Exception {
    Path file = temp.resolve("octopus-server-certificate.pem");
    // the chart's value is base64 of a PEM: a user who pastes the PEM's base64 twice gets this
    Files.writeString(file, "TFMwdExTMUNSVWRKVGlCRFJWSlVTVVpKUTBGVVJTMHRMUzB0Q2s=");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ServerAuthorities.load(file));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("agent.serverCertificate"), e.getMessage());
  }
}
