package dev.k8sagent.domain.target;

import dev.k8sagent.domain.Require;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A certificate thumbprint as Octopus shows it: the SHA-1 of the certificate's DER bytes as 40
 * upper-case hex digits. Input in lower case or with ':' or space separators is accepted.
 */
public record Thumbprint(String hex) {
  private static final Pattern FORM = Pattern.compile("[0-9A-F]{40}");

  public Thumbprint {
    Require.nonBlank(hex, "Thumbprint");
    hex = hex.replace(":", "").replace(" ", "").toUpperCase(Locale.ROOT);
    if (!FORM.matcher(hex).matches()) {
      throw new IllegalArgumentException(
          "Thumbprint " + Require.quote(hex) + " must be 40 hexadecimal digits (a SHA-1)");
    }
  }

  /** From the 20 bytes of a SHA-1 digest. */
  public static Thumbprint ofSha1(byte[] digest) {
    if (digest.length != 20) {
      throw new IllegalArgumentException("A SHA-1 digest has 20 bytes, got " + digest.length);
    }
    return new Thumbprint(HexFormat.of().formatHex(digest));
  }

  @Override
  public String toString() {
    return hex;
  }
}
