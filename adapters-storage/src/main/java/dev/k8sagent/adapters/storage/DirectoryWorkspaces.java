package dev.k8sagent.adapters.storage;

import dev.k8sagent.domain.files.RelativePath;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.ports.content.Content;
import dev.k8sagent.ports.content.OpenedContent;
import dev.k8sagent.ports.out.StoredFile;
import dev.k8sagent.ports.out.WorkspaceRef;
import dev.k8sagent.ports.out.WorkspaceSummary;
import dev.k8sagent.ports.out.Workspaces;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@link Workspaces} on a mounted directory: {@code <home>/Work/<ticket>/} on the shared volume
 * (NFS pod or ReadWriteMany claim) that the agent and every script pod mount at the agent home.
 * Files are written and read as {@link VolumeFiles} describes: atomically, and never through a
 * symbolic link out of the home.
 */
public final class DirectoryWorkspaces implements Workspaces {
  private static final String WORK = "Work";

  /** Deepest directory nesting a workspace deletion follows (each level holds one handle). */
  private static final int MAX_DEPTH = 128;

  private static final Set<PosixFilePermission> SHARED_DIRECTORY =
      PosixFilePermissions.fromString("rwxrwxrwx");

  private final VolumeFiles volume;

  /**
   * @param home the home directory as mounted in the agent's container
   * @param homeInPods the same directory as script pods mount it ({@code /octopus})
   */
  public DirectoryWorkspaces(Path home, String homeInPods) {
    this.volume = new VolumeFiles(home, WORK, homeInPods);
  }

  @Override
  public WorkspaceRef create(ScriptTicket ticket) {
    Path directory = workspaceDirectory(ticket);
    try {
      Files.createDirectories(directory);
      // The script pod may run as another user than the agent (the restricted default is uid
      // 999, the user's security context may say anything): it must be able to write its output
      // and its own files here. The volume is shared only by the agent and its script pods.
      try {
        Files.setPosixFilePermissions(directory, SHARED_DIRECTORY);
      } catch (UnsupportedOperationException notPosix) {
        // the file system decides
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot create the workspace for " + ticket + ": " + e.getMessage(), e);
    }
    return new WorkspaceRef(ticket, volume.podPath(directory));
  }

  @Override
  public StoredFile write(
      ScriptTicket ticket, RelativePath path, InputStream content, boolean executable) {
    Path directory = workspaceDirectory(ticket);
    if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalStateException("The workspace for ticket " + ticket + " does not exist");
    }
    return volume.writeAtomically(directory, path, content, executable);
  }

  @Override
  public Optional<Content> read(ScriptTicket ticket, RelativePath path) {
    return volume.readBelow(workspaceDirectory(ticket), path);
  }

  @Override
  public Optional<OpenedContent> open(ScriptTicket ticket, RelativePath path) {
    return volume.openBelow(workspaceDirectory(ticket), path);
  }

  @Override
  public List<WorkspaceSummary> list() {
    List<WorkspaceSummary> summaries = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(volume.home().resolve(WORK))) {
      for (Path entry : entries) {
        if (!Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        ScriptTicket ticket;
        try {
          ticket = new ScriptTicket(entry.getFileName().toString());
        } catch (IllegalArgumentException notOurs) {
          continue;
        }
        summaries.add(
            new WorkspaceSummary(
                ticket, Files.getLastModifiedTime(entry, LinkOption.NOFOLLOW_LINKS).toInstant()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot list workspaces in " + volume.home() + ": " + e.getMessage(), e);
    }
    return summaries;
  }

  @Override
  public void delete(ScriptTicket ticket) {
    try (DirectoryStream<Path> home = Files.newDirectoryStream(volume.home())) {
      if (!(home instanceof SecureDirectoryStream<Path> heldHome)) {
        throw new IOException(
            "this platform cannot delete without following links, which the agent needs");
      }
      try (SecureDirectoryStream<Path> work =
          heldHome.newDirectoryStream(Path.of(WORK), LinkOption.NOFOLLOW_LINKS)) {
        deleteTree(work, Path.of(ticket.key()), 0);
      }
    } catch (NoSuchFileException gone) {
      // no workspaces at all
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot delete " + workspaceDirectory(ticket) + ": " + e.getMessage(), e);
    }
  }

  /** Where a workspace lives on this machine's view of the volume. */
  public Path workspaceDirectory(ScriptTicket ticket) {
    return volume.home().resolve(WORK).resolve(ticket.key());
  }

  /**
   * Removes {@code name} from the held {@code parent}: a file or a link a script planted is
   * unlinked (never followed), a directory is emptied through its own handle, then removed. Each
   * step names an entry of a directory already open, so a directory swapped for a link meanwhile
   * cannot lead the deletion out of the workspace.
   */
  private static void deleteTree(SecureDirectoryStream<Path> parent, Path name, int depth)
      throws IOException {
    BasicFileAttributes attributes;
    try {
      attributes =
          parent
              .getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
              .readAttributes();
    } catch (NoSuchFileException gone) {
      return;
    }
    if (!attributes.isDirectory()) {
      deleteEntry(() -> parent.deleteFile(name));
      return;
    }
    if (depth >= MAX_DEPTH) {
      throw new IOException(
          "it holds directories more than " + MAX_DEPTH + " deep; remove it by hand");
    }
    try (SecureDirectoryStream<Path> directory =
        parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
      for (Path entry : directory) {
        deleteTree(directory, entry.getFileName(), depth + 1);
      }
    } catch (NoSuchFileException gone) {
      return;
    }
    deleteEntry(() -> parent.deleteDirectory(name));
  }

  /** A deletion that someone else may have done first. */
  private interface Deletion {
    void run() throws IOException;
  }

  private static void deleteEntry(Deletion deletion) throws IOException {
    try {
      deletion.run();
    } catch (NoSuchFileException gone) {
      // removed meanwhile: what was wanted
    }
  }
}
