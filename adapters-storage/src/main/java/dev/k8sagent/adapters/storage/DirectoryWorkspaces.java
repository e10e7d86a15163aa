package dev.k8sagent.adapters.storage;

import dev.k8sagent.domain.files.RelativePath;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.ports.content.Content;
import dev.k8sagent.ports.out.StoredFile;
import dev.k8sagent.ports.out.WorkspaceRef;
import dev.k8sagent.ports.out.WorkspaceSummary;
import dev.k8sagent.ports.out.Workspaces;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@link Workspaces} on a mounted directory: the shared volume (NFS pod or ReadWriteMany claim)
 * that the agent and every script pod mount at the agent home.
 *
 * <p>Writes stream into a hidden temporary file beside the target ({@code .<name>.<id>.partial}),
 * hashing as they go, are forced to disk, then atomically renamed over the target. A reader on any
 * pod sees either the old file or the complete new one. Paths are checked lexically by {@link
 * RelativePath} and, on disk, against symbolic links that lead out of the home.
 */
public final class DirectoryWorkspaces implements Workspaces {
  private static final String WORK = "Work";
  private static final String PARTIAL_SUFFIX = ".partial";
  private static final int BUFFER_SIZE = 64 * 1024;
  private static final Set<PosixFilePermission> SHARED_DIRECTORY =
      java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx");

  private static final Set<PosixFilePermission> EXECUTABLE =
      EnumSet.of(
          PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE,
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_EXECUTE);

  private final Path home;
  private final String homeInPods;

  /**
   * @param home the home directory as mounted in the agent's container
   * @param homeInPods the same directory as script pods mount it ({@code /octopus})
   */
  public DirectoryWorkspaces(Path home, String homeInPods) {
    try {
      Files.createDirectories(home.resolve(WORK));
      this.home = home.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "The agent home " + home + " cannot be used: " + e.getMessage(), e);
    }
    this.homeInPods =
        homeInPods.endsWith("/") ? homeInPods.substring(0, homeInPods.length() - 1) : homeInPods;
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
    return new WorkspaceRef(ticket, podPath(directory));
  }

  @Override
  public StoredFile write(
      ScriptTicket ticket, RelativePath path, InputStream content, boolean executable) {
    Path directory = workspaceDirectory(ticket);
    if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalStateException("The workspace for ticket " + ticket + " does not exist");
    }
    return writeAtomically(directory, path, content, executable);
  }

  @Override
  public Optional<Content> read(ScriptTicket ticket, RelativePath path) {
    return readBelow(workspaceDirectory(ticket), path);
  }

  @Override
  public List<WorkspaceSummary> list() {
    List<WorkspaceSummary> summaries = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(home.resolve(WORK))) {
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
          "Cannot list workspaces in " + home + ": " + e.getMessage(), e);
    }
    return summaries;
  }

  @Override
  public void delete(ScriptTicket ticket) {
    deleteRecursively(workspaceDirectory(ticket));
  }

  @Override
  public StoredFile store(RelativePath pathInHome, InputStream content) {
    return writeAtomically(home, pathInHome, content, false);
  }

  @Override
  public Optional<Content> retrieve(RelativePath pathInHome) {
    return readBelow(home, pathInHome);
  }

  @Override
  public long usableSpace() {
    try {
      return Files.getFileStore(home).getUsableSpace();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot read the free space of " + home + ": " + e.getMessage(), e);
    }
  }

  /** Where a workspace lives on this machine's view of the volume. */
  public Path workspaceDirectory(ScriptTicket ticket) {
    return home.resolve(WORK).resolve(ticket.key());
  }

  private StoredFile writeAtomically(
      Path base, RelativePath path, InputStream content, boolean executable) {
    Path target = resolveInside(base, path);
    Path temporary =
        target.resolveSibling(
            "." + target.getFileName() + "." + UUID.randomUUID() + PARTIAL_SUFFIX);
    try (InputStream in = content) {
      Files.createDirectories(target.getParent());
      requireInsideHome(target.getParent().toRealPath(), path);
      if (Files.isSymbolicLink(target)) {
        throw new IllegalArgumentException(
            "Refusing to write " + path + ": it is a symbolic link on the volume");
      }
      MessageDigest sha1 = digest("SHA-1");
      MessageDigest sha256 = digest("SHA-256");
      long length = 0;
      try (FileChannel channel =
          FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        byte[] buffer = new byte[BUFFER_SIZE];
        int read;
        while ((read = in.read(buffer)) != -1) {
          sha1.update(buffer, 0, read);
          sha256.update(buffer, 0, read);
          ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, read);
          while (bytes.hasRemaining()) {
            channel.write(bytes);
          }
          length += read;
        }
        channel.force(true);
      }
      if (executable) {
        setExecutable(temporary);
      }
      Files.move(
          temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return new StoredFile(
          podPath(target),
          length,
          HexFormat.of().formatHex(sha1.digest()),
          HexFormat.of().formatHex(sha256.digest()));
    } catch (IOException e) {
      deleteQuietly(temporary);
      throw new UncheckedIOException("Writing " + path + " failed: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      deleteQuietly(temporary);
      throw e;
    }
  }

  private Optional<Content> readBelow(Path base, RelativePath path) {
    Path file = resolveInside(base, path);
    try {
      if (!Files.isRegularFile(file)) {
        return Optional.empty();
      }
      requireInsideHome(file.toRealPath(), path);
      return Optional.of(Content.ofFile(file));
    } catch (NoSuchFileException gone) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("Reading " + path + " failed: " + e.getMessage(), e);
    }
  }

  private static Path resolveInside(Path base, RelativePath path) {
    Path resolved = base;
    for (String segment : path.segments()) {
      resolved = resolved.resolve(segment);
    }
    return resolved;
  }

  private void requireInsideHome(Path realPath, RelativePath path) {
    if (!realPath.startsWith(home)) {
      throw new IllegalArgumentException(
          "Refusing " + path + ": a symbolic link on the volume leads outside the agent home");
    }
  }

  private String podPath(Path onDisk) {
    return homeInPods + "/" + home.relativize(onDisk).toString().replace('\\', '/');
  }

  private static void setExecutable(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, EXECUTABLE);
    } catch (UnsupportedOperationException notPosix) {
      if (!file.toFile().setExecutable(true, false)) {
        throw new IOException("Cannot make " + file.getFileName() + " executable");
      }
    }
  }

  private static void deleteRecursively(Path directory) {
    if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      Files.walkFileTree(
          directory,
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
              if (failure != null) {
                throw failure;
              }
              Files.deleteIfExists(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + directory + ": " + e.getMessage(), e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // Best effort: a leftover .partial file is hidden and removed by orphan cleanup.
    }
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is missing from this JDK", e);
    }
  }
}
