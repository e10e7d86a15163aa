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
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * {@link FileTransfer} on the agent home: the server uploads packages and tools below it and
 * downloads files from it. Paths are relative to the home, or absolute inside it (as the server
 * sends them for the home it was told about); anything else is refused ({@link RequestRefused}), as
 * is an upload the volume has no room for. The hash returned is the lower-case hex SHA-1 Tentacle
 * reports, which the server compares with its own.
 */
public final class TransferringFiles implements FileTransfer {
  /** Room to leave on the volume beyond the upload itself, for running tasks' output. */
  static final long HEADROOM_BYTES = 16L * 1024 * 1024;

  private final FileStore store;
  private final String home;

  /**
   * @param home the agent home as the server and pods see it ({@code TentacleHome}, {@code
   *     /octopus})
   */
  public TransferringFiles(FileStore store, String home) {
    this.store = store;
    this.home = home;
  }

  @Override
  public UploadResult upload(UploadFile command) {
    RelativePath path = inHome(command.remotePath());
    long needed = command.contents().length();
    long free = store.usableSpace();
    if (needed > free - HEADROOM_BYTES) {
      throw new RequestRefused(
          RequestRefused.Reason.VOLUME_FULL,
          "The shared volume is too full for "
              + path
              + ": it needs "
              + mebibytes(needed)
              + " and "
              + mebibytes(Math.max(free, 0))
              + " is free. Enlarge the volume (persistence.size) or clean up old files.");
    }
    try (InputStream in = command.contents().open()) {
      StoredFile stored = store.store(path, in);
      return new UploadResult(stored.fullPath(), stored.sha1(), stored.length());
    } catch (IOException e) {
      throw new UncheckedIOException("Receiving " + path + " failed: " + e.getMessage(), e);
    } catch (IllegalArgumentException linkedOut) {
      throw outsideHome(linkedOut);
    }
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

  /** The server's path below the home; one that leaves it is refused. */
  private RelativePath inHome(String remotePath) {
    try {
      return RelativePath.under(home, remotePath);
    } catch (IllegalArgumentException e) {
      throw outsideHome(e);
    }
  }

  /** The path itself, or a symbolic link on the volume, leads out of the home. */
  private static RequestRefused outsideHome(IllegalArgumentException e) {
    return new RequestRefused(RequestRefused.Reason.PATH_OUTSIDE_HOME, e.getMessage(), e);
  }

  private static String mebibytes(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }
}
