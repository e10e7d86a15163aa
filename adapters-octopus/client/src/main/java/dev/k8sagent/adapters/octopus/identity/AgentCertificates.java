package dev.k8sagent.adapters.octopus.identity;

import dev.k8sagent.domain.target.Thumbprint;
import dev.k8sagent.ports.out.AgentIdentity;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Creates and loads the agent's certificate. Like Tentacle's, it is self-signed RSA 2048 with
 * SHA-256, valid from yesterday for 100 years: nothing on the server checks more than its
 * thumbprint, so a short validity would only make agents stop working one day.
 */
public final class AgentCertificates {
  private static final Duration VALIDITY = Duration.ofDays(36_525);

  private AgentCertificates() {}

  /** A new identity with subject {@code CN=<commonName>}. */
  public static AgentIdentity generate(String commonName, Clock clock, SecureRandom random) {
    if (commonName == null || commonName.isBlank()) {
      throw new IllegalArgumentException("The certificate needs a common name");
    }
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048, random);
      KeyPair keys = generator.generateKeyPair();
      X500Name subject =
          new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
      Instant now = clock.instant();
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              subject,
              new BigInteger(127, random).add(BigInteger.ONE),
              Date.from(now.minus(Duration.ofDays(1))),
              Date.from(now.plus(VALIDITY)),
              subject,
              keys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      X509CertificateHolder holder =
          builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate()));
      X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(holder);
      return new AgentIdentity(pem(certificate), pem(keys.getPrivate()), thumbprint(certificate));
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException(
          "Creating the agent certificate failed: " + e.getMessage(), e);
    }
  }

  /**
   * The identity in a PFX (PKCS#12) file given as base64, as {@code TentacleCertificateBase64}
   * carries it: the first entry with a private key. The file may have no password or an empty one.
   *
   * @throws IllegalArgumentException naming the variable when it is not such a file
   */
  public static AgentIdentity fromPfxBase64(String base64) {
    byte[] bytes;
    try {
      bytes = java.util.Base64.getMimeDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "TentacleCertificateBase64 is not base64: " + e.getMessage());
    }
    for (char[] password : new char[][] {new char[0], null}) {
      try {
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        store.load(new java.io.ByteArrayInputStream(bytes), password);
        for (String alias : java.util.Collections.list(store.aliases())) {
          if (store.isKeyEntry(alias)) {
            PrivateKey key =
                (PrivateKey) store.getKey(alias, password == null ? new char[0] : password);
            X509Certificate certificate = (X509Certificate) store.getCertificate(alias);
            if (key != null && certificate != null) {
              AgentIdentity identity =
                  new AgentIdentity(pem(certificate), pem(key), thumbprint(certificate));
              load(identity); // the key must match the certificate
              return identity;
            }
          }
        }
        throw new IllegalArgumentException(
            "TentacleCertificateBase64 holds no certificate with its private key");
      } catch (GeneralSecurityException | IOException e) {
        if (password == null) {
          throw new IllegalArgumentException(
              "TentacleCertificateBase64 is not a PFX file without a password: " + e.getMessage());
        }
      }
    }
    throw new IllegalStateException("unreachable");
  }

  /**
   * The certificate and key of a stored identity, checked against each other and the thumbprint.
   */
  public static LoadedIdentity load(AgentIdentity identity) {
    X509Certificate certificate = certificate(identity.certificatePem());
    PrivateKey key = privateKey(identity.privateKeyPem());
    Thumbprint actual = thumbprint(certificate);
    if (!actual.equals(identity.thumbprint())) {
      throw new IllegalStateException(
          "The stored agent certificate has thumbprint "
              + actual
              + " but the state says "
              + identity.thumbprint()
              + "; the stored identity is damaged");
    }
    if (!(certificate.getPublicKey() instanceof RSAPublicKey publicKey)
        || !(key instanceof RSAPrivateCrtKey privateKey)
        || !publicKey.getModulus().equals(privateKey.getModulus())) {
      throw new IllegalStateException(
          "The stored agent private key does not belong to certificate " + actual);
    }
    return new LoadedIdentity(certificate, key, actual);
  }

  /** SHA-1 over the DER bytes, upper-case hex: how Octopus and .NET show a thumbprint. */
  public static Thumbprint thumbprint(X509Certificate certificate) {
    try {
      return Thumbprint.ofSha1(MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot compute a certificate thumbprint", e);
    }
  }

  /** Reads one PEM certificate (the server certificate file, a stored identity). */
  public static X509Certificate certificate(String pem) {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object object = parser.readObject();
      if (!(object instanceof X509CertificateHolder holder)) {
        throw new IllegalArgumentException("The PEM text holds no certificate");
      }
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (IOException | java.security.cert.CertificateException e) {
      throw new IllegalArgumentException(
          "The PEM certificate cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * {@code certificate} as PEM, as the server certificate file and a stored identity hold it; what
   * {@link #certificate(String)} reads.
   */
  public static String pem(X509Certificate certificate) {
    try {
      return pem((Object) certificate);
    } catch (IOException e) {
      throw new IllegalStateException(
          "Cannot write " + certificate.getSubjectX500Principal() + " as PEM", e);
    }
  }

  private static PrivateKey privateKey(String pem) {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object object = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (object instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      if (object instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
      throw new IllegalArgumentException("The PEM text holds no private key");
    } catch (IOException e) {
      // The message of a parse failure never includes key material.
      throw new IllegalArgumentException("The stored private key cannot be read", e);
    }
  }

  private static String pem(Object object) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(
          object instanceof PrivateKey key
              ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null)
              : object);
    }
    return text.toString();
  }
}
