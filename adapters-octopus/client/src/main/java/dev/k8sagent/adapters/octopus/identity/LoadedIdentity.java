package dev.k8sagent.adapters.octopus.identity;

import dev.k8sagent.domain.target.Thumbprint;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/** The agent's certificate and key, ready for TLS. The key never appears in {@link #toString()}. */
public record LoadedIdentity(
    X509Certificate certificate, PrivateKey privateKey, Thumbprint thumbprint) {
  public LoadedIdentity {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(thumbprint, "thumbprint");
  }

  @Override
  public String toString() {
    return "LoadedIdentity["
        + certificate.getSubjectX500Principal()
        + ", thumbprint="
        + thumbprint
        + "]";
  }
}
