package dev.k8sagent.adapters.octopus.halibut.netty;

import io.netty.handler.ssl.OpenSsl;

/**
 * Which TLS implementation encrypts a connection. Both present the same certificate and trust the
 * same thumbprints (see {@link Tls}); they differ only in speed and in what they need from the
 * platform.
 */
public enum TlsEngine {
  /** BoringSSL through netty-tcnative: needs its native library (Linux x86_64 and aarch64). */
  OPENSSL("OpenSSL (BoringSSL)"),
  /** The JDK's own TLS: always there. */
  JDK("JDK");

  private final String label;

  TlsEngine(String label) {
    this.label = label;
  }

  /** The name a person reads in a log line or a benchmark report. */
  public String label() {
    return label;
  }

  /** OpenSSL when its native library loads here, otherwise the JDK's TLS. */
  public static TlsEngine best() {
    return openSslLoads() ? OPENSSL : JDK;
  }

  /** Whether OpenSSL's native library loads on this machine (it is loaded on the first ask). */
  public static boolean openSslLoads() {
    return OpenSsl.isAvailable();
  }

  /** Why OpenSSL cannot be used here, for a log line; empty when it can. */
  public static String whyNoOpenSsl() {
    Throwable cause = OpenSsl.unavailabilityCause();
    return cause == null ? "" : String.valueOf(cause.getMessage());
  }
}
