package dev.k8sagent.ports.service;

import dev.k8sagent.domain.files.RelativePath;
import dev.k8sagent.ports.content.Content;
import dev.k8sagent.ports.in.DownloadFile;
import dev.k8sagent.ports.in.FileTransfer;
import dev.k8sagent.ports.in.RequestRefused;
import dev.k8sagent.ports.in.UploadFile;
import dev.k8sagent.ports.in.UploadResult;
import dev.k8sagent.ports.out.FileStore;
import dev.k8sagent.ports.out.StoredFile;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link FileTransfer} on the agent home: the server uploads packages and tools below it and
 * downloads files from it. Paths are relative to the home, or absolute inside it (as the server
 * sends them for the home it was told about); anything else is refused ({@link RequestRefused}), as
 * is an upload the volume has no room for. The hash returned is the lower-case hex SHA-1 Tentacle
 * reports, which the server compares with its own.
 *
 * <p>The agent's own files below the home ({@link #AGENT_DIRECTORY}, and the state file when it is
 * configured there) are never read or written this way, in any mode: such a path is refused like
 * one outside the home. Names are compared ignoring case, as a case-insensitive volume would.
 */
public final class TransferringFiles implements FileTransfer {
  /** Room to leave on the volume beyond the upload itself, for running tasks' output. */
  static final long HEADROOM_BYTES = 16L * 1024 * 1024;

  /** The agent's own directory below the home: its state in local mode, never the server's. */
  public static final String AGENT_DIRECTORY = ".k8s-agent";

  private final FileStore store;
  private final String home;
  private final List<RelativePath> privatePaths;

  /**
   * @param home the agent home as the server and pods see it ({@code TentacleHome}, {@code
   *     /octopus})
   */
  public TransferringFiles(FileStore store, String home) {
    this(store, home, List.of());
  }

  /**
   * @param privatePaths more of the agent's own files or directories below the home (for example a
   *     state file configured there), kept from file transfer beside {@link #AGENT_DIRECTORY}
   */
  public TransferringFiles(FileStore store, String home, List<RelativePath> privatePaths) {
    this.store = store;
    this.home = home;
    List<RelativePath> kept = new ArrayList<>(privatePaths);
    kept.add(RelativePath.parse(AGENT_DIRECTORY));
    this.privatePaths = List.copyOf(kept);
  }

  @Override
  public UploadResult upload(UploadFile command) {
    RelativePath path = inHome(command.remotePath());
    long needed = command.contents().length();
    long free = store.usableSpace();
    if (needed > free - HEADROOM_BYTES) {
      throw volumeFull(path, needed, free, null);
    }
    try {
      StoredFile stored = store.store(path, command.contents());
      return new UploadResult(stored.fullPath(), stored.sha1(), stored.length());
    } catch (UncheckedIOException e) {
      // the volume filled while the file was written (other writers share it): the store left no
      // partial file, and sending it again fails the same way until room is made
      long left = store.usableSpace();
      if (left <= HEADROOM_BYTES || mentionsNoSpace(e)) {
        throw volumeFull(path, needed, left, e);
      }
      throw e;
    } catch (IllegalArgumentException linkedOut) {
      throw outsideHome(linkedOut);
    }
  }

  private static RequestRefused volumeFull(RelativePath path, long needed, long free, Exception e) {
    String message =
        "The shared volume is too full for "
            + path
            + ": it needs "
            + mebibytes(needed)
            + " and "
            + mebibytes(Math.max(free, 0))
            + " is free. Enlarge the volume (persistence.size) or clean up old files.";
    return e == null
        ? new RequestRefused(RequestRefused.Reason.VOLUME_FULL, message)
        : new RequestRefused(RequestRefused.Reason.VOLUME_FULL, message, e);
  }

  private static boolean mentionsNoSpace(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && cause.getMessage().contains("No space left on device")) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Optional<Content> download(DownloadFile query) {
    RelativePath path = inHome(query.remotePath());
    try {
      return store.retrieve(path);
    } catch (IllegalArgumentException linkedOut) {
      throw outsideHome(linkedOut);
    }
  }

  /** The server's path below the home; one that leaves it, or is the agent's own, is refused. */
  private RelativePath inHome(String remotePath) {
    RelativePath path;
    try {
      path = RelativePath.under(home, remotePath);
    } catch (IllegalArgumentException e) {
      throw outsideHome(e);
    }
    for (RelativePath own : privatePaths) {
      if (startsWith(path, own)) {
        throw new RequestRefused(
            RequestRefused.Reason.PATH_OUTSIDE_HOME,
            "File path '"
                + path
                + "' is the agent's own ("
                + own
                + "); file transfer cannot read or write it. Use a path elsewhere below "
                + home);
      }
    }
    return path;
  }

  private static boolean startsWith(RelativePath path, RelativePath prefix) {
    if (path.segments().size() < prefix.segments().size()) {
      return false;
    }
    for (int i = 0; i < prefix.segments().size(); i++) {
      if (!path.segments().get(i).equalsIgnoreCase(prefix.segments().get(i))) {
        return false;
      }
    }
    return true;
  }

  /** The path itself, or a symbolic link on the volume, leads out of the home. */
  private static RequestRefused outsideHome(IllegalArgumentException e) {
    return new RequestRefused(RequestRefused.Reason.PATH_OUTSIDE_HOME, e.getMessage(), e);
  }

  private static String mebibytes(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }
}
