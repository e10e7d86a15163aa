package dev.k8sagent.ports.out;

import dev.k8sagent.domain.Require;
import java.util.regex.Pattern;

/**
 * A file that was written: its full path as script pods and the server see it, its length, and the
 * lower-case hex SHA-1 and SHA-256 of its bytes, computed while it was written.
 */
public record StoredFile(String fullPath, long length, String sha1, String sha256) {
  private static final Pattern SHA1 = Pattern.compile("[0-9a-f]{40}");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  public StoredFile {
    Require.nonBlank(fullPath, "fullPath");
    if (length < 0) {
      throw new IllegalArgumentException("length must not be negative");
    }
    if (!SHA1.matcher(sha1).matches() || !SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException("hashes must be lower-case hex SHA-1 and SHA-256");
    }
  }
}
