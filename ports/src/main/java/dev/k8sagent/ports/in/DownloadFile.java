package dev.k8sagent.ports.in;

import dev.k8sagent.domain.Require;

/** Fetch the file at {@code remotePath}, relative to the agent home or absolute inside it. */
public record DownloadFile(String remotePath) {
  public DownloadFile {
    Require.nonBlank(remotePath, "Download path");
  }
}
