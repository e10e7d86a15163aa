package dev.k8sagent.ports.out;

import dev.k8sagent.domain.files.RelativePath;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.ports.content.Content;
import dev.k8sagent.ports.content.OpenedContent;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * The tasks' workspaces on the shared volume: one directory per task ({@code
 * <home>/Work/<ticket>/}) holding its script, its files, the runner and the runner's output, seen
 * by the agent and by the task's script pod. Files the server uploads elsewhere in the home belong
 * to {@link FileStore}.
 *
 * <p>Every write streams to a temporary file beside its target and is renamed into place when
 * complete: a reader never sees a half-written file under its final name, and a failed write leaves
 * any previous file untouched. Paths never leave their workspace.
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

  /**
   * A workspace file opened once, for a caller that reads it more than once in one call (a task's
   * output file during one status request): its length and every read come from the same opened
   * file, not from a new look-up by name. Empty when the workspace or file does not exist. The
   * caller closes it before the call ends.
   */
  default Optional<OpenedContent> open(ScriptTicket ticket, RelativePath path) {
    return read(ticket, path).map(OpenedContent::of);
  }

  /** The workspaces that exist, whichever agent run created them. */
  List<WorkspaceSummary> list();

  /** Removes a workspace and everything in it. Harmless when it does not exist. */
  void delete(ScriptTicket ticket);
}
