package dev.k8sagent.adapters.octopus.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.k8sagent.domain.target.Thumbprint;
import dev.k8sagent.ports.out.AgentIdentity;
import dev.k8sagent.ports.out.twins.InMemoryAgentStateStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class AgentCertificatesTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);
  private static final AgentIdentity IDENTITY =
      AgentCertificates.generate("my-cluster", CLOCK, new SecureRandom());

  @Test
  void a_new_certificate_is_self_signed_rsa_2048_sha256_for_a_hundred_years() throws Exception {
    LoadedIdentity loaded = AgentCertificates.load(IDENTITY);
    assertEquals("CN=my-cluster", loaded.certificate().getSubjectX500Principal().getName());
    assertEquals(
        loaded.certificate().getSubjectX500Principal(),
        loaded.certificate().getIssuerX500Principal());
    assertEquals("SHA256withRSA", loaded.certificate().getSigAlgName());
    assertEquals(
        2048, ((RSAPublicKey) loaded.certificate().getPublicKey()).getModulus().bitLength());
    loaded.certificate().verify(loaded.certificate().getPublicKey());
    assertTrue(loaded.certificate().getNotBefore().toInstant().isBefore(CLOCK.instant()));
    assertTrue(
        loaded
            .certificate()
            .getNotAfter()
            .toInstant()
            .isAfter(CLOCK.instant().plus(Duration.ofDays(36_500))));
  }

  @Test
  void the_thumbprint_is_upper_case_sha1_of_the_der_bytes() throws Exception {
    LoadedIdentity loaded = AgentCertificates.load(IDENTITY);
    String expected =
        HexFormat.of()
            .withUpperCase()
            .formatHex(
                MessageDigest.getInstance("SHA-1").digest(loaded.certificate().getEncoded()));
    assertEquals(new Thumbprint(expected), IDENTITY.thumbprint());
  }

  @Test
  void a_certificate_written_as_pem_reads_back_as_the_same_certificate() {
    LoadedIdentity loaded = AgentCertificates.load(IDENTITY);
    String pem = AgentCertificates.pem(loaded.certificate());

    assertTrue(pem.startsWith("-----BEGIN CERTIFICATE-----"), pem);
    assertEquals(loaded.certificate(), AgentCertificates.certificate(pem));
  }

  @Test
  void the_stored_key_signs_for_the_stored_certificate() throws Exception {
    LoadedIdentity loaded = AgentCertificates.load(IDENTITY);
    Signature signer = Signature.getInstance("SHA256withRSA");
    signer.initSign(loaded.privateKey());
    signer.update(new byte[] {1, 2, 3});
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(loaded.certificate());
    verifier.update(new byte[] {1, 2, 3});
    assertTrue(verifier.verify(signature));
  }

  @Test
  void a_damaged_identity_is_refused_with_both_thumbprints() {
    AgentIdentity other = AgentCertificates.generate("other", CLOCK, new SecureRandom());
    AgentIdentity mixed =
        new AgentIdentity(IDENTITY.certificatePem(), IDENTITY.privateKeyPem(), other.thumbprint());
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> AgentCertificates.load(mixed));
    assertTrue(e.getMessage().contains(other.thumbprint().toString()));
    assertTrue(e.getMessage().contains(IDENTITY.thumbprint().toString()));

    AgentIdentity wrongKey =
        new AgentIdentity(IDENTITY.certificatePem(), other.privateKeyPem(), IDENTITY.thumbprint());
    assertThrows(IllegalStateException.class, () -> AgentCertificates.load(wrongKey));
  }

  @Test
  void the_identity_is_created_once_and_reused_after_a_restart() {
    InMemoryAgentStateStore store = new InMemoryAgentStateStore();
    LoadedIdentity first = new AgentIdentities(store, CLOCK, new SecureRandom()).loadOrCreate("c");
    LoadedIdentity second = new AgentIdentities(store, CLOCK, new SecureRandom()).loadOrCreate("c");
    assertEquals(first.thumbprint(), second.thumbprint());
    assertFalse(second.toString().contains("PRIVATE"));
  }

  @org.junit.jupiter.api.Test
  void a_pfx_given_as_base64_becomes_the_identity_and_replaces_a_generated_one() throws Exception {
    dev.k8sagent.ports.out.AgentIdentity original =
        AgentCertificates.generate(
            "imported", java.time.Clock.systemUTC(), new java.security.SecureRandom());
    LoadedIdentity loaded = AgentCertificates.load(original);
    java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry(
        "agent",
        loaded.privateKey(),
        new char[0],
        new java.security.cert.Certificate[] {loaded.certificate()});
    java.io.ByteArrayOutputStream pfx = new java.io.ByteArrayOutputStream();
    store.store(pfx, new char[0]);
    String base64 = java.util.Base64.getEncoder().encodeToString(pfx.toByteArray());

    dev.k8sagent.ports.out.AgentIdentity imported = AgentCertificates.fromPfxBase64(base64);
    assertEquals(original.thumbprint(), imported.thumbprint());

    dev.k8sagent.ports.out.twins.InMemoryAgentStateStore state =
        new dev.k8sagent.ports.out.twins.InMemoryAgentStateStore();
    AgentIdentities identities =
        new AgentIdentities(state, java.time.Clock.systemUTC(), new java.security.SecureRandom());
    identities.loadOrCreate("generated");
    assertEquals(
        original.thumbprint(),
        identities.loadOrCreate("generated", java.util.Optional.of(imported)).thumbprint());
    assertEquals(original.thumbprint(), identities.loadOrCreate("generated").thumbprint());
  }

  @org.junit.jupiter.api.Test
  void something_that_is_not_a_pfx_is_refused_naming_the_variable() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                AgentCertificates.fromPfxBase64(
                    java.util.Base64.getEncoder().encodeToString("not a pfx".getBytes())));
    assertTrue(e.getMessage().contains("TentacleCertificateBase64"), e.getMessage());
  }
}
