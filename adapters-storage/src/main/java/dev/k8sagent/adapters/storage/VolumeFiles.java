package dev.k8sagent.adapters.storage;

import dev.k8sagent.domain.files.RelativePath;
import dev.k8sagent.ports.content.Content;
import dev.k8sagent.ports.out.StoredFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Files on the mounted agent home, as both the task workspaces and the file store keep them.
 *
 * <p>Writes stream into a hidden temporary file beside the target ({@code .<name>.<id>.partial}),
 * hashing as they go, are forced to disk, then atomically renamed over the target. A reader on any
 * pod sees either the old file or the complete new one. Paths are checked lexically by {@link
 * RelativePath} and, on disk, against symbolic links that lead out of the home.
 */
final class VolumeFiles {
  private static final String PARTIAL_SUFFIX = ".partial";
  private static final int BUFFER_SIZE = 64 * 1024;
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
   * @param home the home directory as mounted in the agent's container; {@code below} is created in
   *     it
   * @param homeInPods the same directory as script pods mount it ({@code /octopus})
   */
  VolumeFiles(Path home, String below, String homeInPods) {
    try {
      Files.createDirectories(home.resolve(below));
      this.home = home.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "The agent home " + home + " cannot be used: " + e.getMessage(), e);
    }
    this.homeInPods =
        homeInPods.endsWith("/") ? homeInPods.substring(0, homeInPods.length() - 1) : homeInPods;
  }

  /** The home on this machine's view of the volume, with symbolic links resolved. */
  Path home() {
    return home;
  }

  /** Writes {@code path} below {@code base} atomically, as the class describes. */
  StoredFile writeAtomically(
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

  /** The file at {@code path} below {@code base}, or empty when there is none. */
  Optional<Content> readBelow(Path base, RelativePath path) {
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

  /** Where script pods see a file of the home. */
  String podPath(Path onDisk) {
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
