package dev.k8sagent.ports.out;

import dev.k8sagent.domain.files.RelativePath;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.ports.content.Content;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * The agent home on the shared volume: one workspace directory per task ({@code
 * <home>/Work/<ticket>/}), plus files the server places anywhere below the home.
 *
 * <p>Every write streams to a temporary file beside its target and is renamed into place when
 * complete: a reader never sees a half-written file under its final name, and a failed write leaves
 * any previous file untouched. Paths never leave their base directory.
 */
public interface Workspaces {

  /** Creates the task's workspace (or finds it) and says where script pods see it. */
  WorkspaceRef create(ScriptTicket ticket);

  /**
   * Writes a file into an existing workspace, reading {@code content} to its end.
   *
   * @throws IllegalStateException when the workspace does not exist
   * @throws java.io.UncheckedIOException when reading the content or writing the file fails
   */
  StoredFile write(ScriptTicket ticket, RelativePath path, InputStream content, boolean executable);

  /** A workspace file's contents, or empty when the workspace or file does not exist. */
  Optional<Content> read(ScriptTicket ticket, RelativePath path);

  /** The workspaces that exist, whichever agent run created them. */
  List<WorkspaceSummary> list();

  /** Removes a workspace and everything in it. Harmless when it does not exist. */
  void delete(ScriptTicket ticket);

  /** Writes a file anywhere below the home (server uploads), as atomically as {@link #write}. */
  StoredFile store(RelativePath pathInHome, InputStream content);

  /** A file below the home, or empty when it does not exist. */
  Optional<Content> retrieve(RelativePath pathInHome);

  /** Bytes that can still be written to the volume (what a write may use, not the disk size). */
  long usableSpace();
}
