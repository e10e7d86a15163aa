package dev.k8sagent.ports.out;

import dev.k8sagent.domain.Require;
import dev.k8sagent.domain.target.Thumbprint;
import java.util.Objects;

/**
 * The agent's certificate and private key, PEM-encoded, with the certificate's thumbprint. The key
 * never appears in {@link #toString()}.
 */
public record AgentIdentity(String certificatePem, String privateKeyPem, Thumbprint thumbprint) {
  public AgentIdentity {
    Require.nonBlank(certificatePem, "certificatePem");
    Require.nonBlank(privateKeyPem, "privateKeyPem");
    Objects.requireNonNull(thumbprint, "thumbprint");
  }

  @Override
  public String toString() {
    return "AgentIdentity[thumbprint=" + thumbprint + ", privateKey=***]";
  }
}
