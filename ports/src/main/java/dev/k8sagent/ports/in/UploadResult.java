package dev.k8sagent.ports.in;

import dev.k8sagent.domain.Require;

/** Where an upload landed, its hash as the server compares it, and its length. */
public record UploadResult(String fullPath, String hash, long length) {
  public UploadResult {
    Require.nonBlank(fullPath, "fullPath");
    Require.nonBlank(hash, "hash");
    if (length < 0) {
      throw new IllegalArgumentException("length must not be negative");
    }
  }
}
