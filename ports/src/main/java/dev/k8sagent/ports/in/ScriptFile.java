package dev.k8sagent.ports.in;

import dev.k8sagent.domain.files.RelativePath;
import dev.k8sagent.ports.content.Content;
import java.util.Objects;
import java.util.Optional;

/**
 * A file the server sends with a script, to be written into the task's workspace. When an
 * encryption password is given the file is stored encrypted with it, as Tentacle does; the password
 * never appears in {@link #toString()}.
 */
public record ScriptFile(RelativePath name, Content contents, Optional<String> encryptionPassword) {
  public ScriptFile {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(contents, "contents");
    Objects.requireNonNull(encryptionPassword, "encryptionPassword");
  }

  @Override
  public String toString() {
    return "ScriptFile[name="
        + name
        + ", contents="
        + contents
        + encryptionPassword.map(p -> ", encrypted").orElse("")
        + "]";
  }
}
