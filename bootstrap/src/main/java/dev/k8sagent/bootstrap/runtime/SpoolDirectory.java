package dev.k8sagent.bootstrap.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Where incoming data streams that arrive before their reader wait on local disk. Each running
 * agent has a directory of its own ({@code k8s-agent-spool-*} in the temporary folder), holding a
 * lock file it keeps locked while it runs. On start, directories whose lock nobody holds are left
 * over from an agent that was killed and are removed, so spilled uploads cannot pile up across
 * restarts in a pod's small {@code /tmp}; on close the agent removes its own. Removal never follows
 * a link.
 */
final class SpoolDirectory implements AutoCloseable {
  static final String PREFIX = "k8s-agent-spool-";
  private static final String LOCK = ".lock";
  private static final System.Logger LOG = System.getLogger(SpoolDirectory.class.getName());

  private final Path directory;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private SpoolDirectory(Path directory, FileChannel lockChannel, FileLock lock) {
    this.directory = directory;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /** Removes what dead agents left in {@code parent}, then makes and locks a directory there. */
  static SpoolDirectory create(Path parent) {
    removeAbandoned(parent);
    try {
      Path directory = Files.createTempDirectory(parent, PREFIX);
      FileChannel channel =
          FileChannel.open(
              directory.resolve(LOCK),
              StandardOpenOption.CREATE_NEW,
              StandardOpenOption.WRITE,
              LinkOption.NOFOLLOW_LINKS);
      return new SpoolDirectory(directory, channel, channel.lock());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot create a spool directory in " + parent + ": " + e.getMessage(), e);
    }
  }

  Path path() {
    return directory;
  }

  @Override
  public void close() {
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "Releasing the spool lock failed: " + e.getMessage());
    }
    deleteTree(directory);
  }

  private static void removeAbandoned(Path parent) {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, PREFIX + "*")) {
      for (Path entry : entries) {
        if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS) && abandoned(entry)) {
          deleteTree(entry);
        }
      }
    } catch (IOException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "Cannot look for spool directories left in " + parent + ": " + e.getMessage());
    }
  }

  /** Nobody holds the directory's lock: the agent that made it is gone. */
  private static boolean abandoned(Path directory) {
    Path lockFile = directory.resolve(LOCK);
    if (!Files.isRegularFile(lockFile, LinkOption.NOFOLLOW_LINKS)) {
      return false; // not one of ours, or still being made
    }
    try (FileChannel channel =
        FileChannel.open(lockFile, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
      FileLock held = channel.tryLock();
      if (held == null) {
        return false;
      }
      held.release();
      return true;
    } catch (OverlappingFileLockException e) {
      return false; // an agent in this very process holds it
    } catch (IOException e) {
      return false;
    }
  }

  private static void deleteTree(Path root) {
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure)
                throws IOException {
              Files.deleteIfExists(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "Cannot remove spool directory " + root + ": " + e.getMessage());
    }
  }
}
