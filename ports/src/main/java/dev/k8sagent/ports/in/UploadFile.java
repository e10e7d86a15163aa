package dev.k8sagent.ports.in;

import dev.k8sagent.domain.Require;
import dev.k8sagent.ports.content.Content;
import java.util.Objects;

/** Put {@code contents} at {@code remotePath}, relative to the agent home or absolute inside it. */
public record UploadFile(String remotePath, Content contents) {
  public UploadFile {
    Require.nonBlank(remotePath, "Upload path");
    Objects.requireNonNull(contents, "contents");
  }
}
