package dev.k8sagent.adapters.storage.archfixture;

/** Breaks "only the Octopus adapter uses BouncyCastle". */
public class StorageAdapterUsingBouncyCastle {
  public org.bouncycastle.cert.X509CertificateHolder certificate;
}
