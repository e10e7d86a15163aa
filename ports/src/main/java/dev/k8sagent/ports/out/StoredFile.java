package dev.k8sagent.ports.out;

import dev.k8sagent.domain.Require;
import java.util.regex.Pattern;

/**
 * A file that was written: its full path as script pods and the server see it, its length, and the
 * lower-case hex SHA-1 of its bytes (the hash Tentacle reports for an upload), computed while it
 * was written. No other hash is kept: each costs about a second of CPU per GiB uploaded.
 */
public record StoredFile(String fullPath, long length, String sha1) {
  private static final Pattern SHA1 = Pattern.compile("[0-9a-f]{40}");

  public StoredFile {
    Require.nonBlank(fullPath, "fullPath");
    if (length < 0) {
      throw new IllegalArgumentException("length must not be negative");
    }
    if (!SHA1.matcher(sha1).matches()) {
      throw new IllegalArgumentException("the hash must be lower-case hex SHA-1");
    }
  }
}
