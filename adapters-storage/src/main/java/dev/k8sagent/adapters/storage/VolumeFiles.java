package dev.k8sagent.adapters.storage;

import dev.k8sagent.domain.files.RelativePath;
import dev.k8sagent.ports.content.Content;
import dev.k8sagent.ports.content.OpenedContent;
import dev.k8sagent.ports.out.StoredFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
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
 * Files on the mounted agent home, as both the task workspaces and the file store keep them.
 *
 * <p>Writes stream into a hidden temporary file beside the target ({@code .<name>.<id>.partial}),
 * hashing as they go, are forced to disk, then atomically renamed over the target. A reader on any
 * pod sees either the old file or the complete new one. Paths are checked lexically by {@link
 * RelativePath}; on disk, every directory from the home down is opened relative to the one before
 * without following a link, and the file itself likewise ({@code openat} with {@code O_NOFOLLOW}),
 * so a link a script pod plants or swaps in on the shared volume is refused, never followed, and
 * what was checked is what is read or written.
 */
final class VolumeFiles {
  private static final String PARTIAL_SUFFIX = ".partial";
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

  /**
   * Writes {@code content} to {@code path} below {@code base} atomically, as the class describes.
   */
  StoredFile writeAtomically(Path base, RelativePath path, Content content, boolean executable) {
    return writeAtomically(base, path, content::transferTo, executable);
  }

  /** Writes {@code path} below {@code base} atomically from {@code content}, then closes it. */
  StoredFile writeAtomically(
      Path base, RelativePath path, InputStream content, boolean executable) {
    try (InputStream in = content) {
      return writeAtomically(base, path, target -> Content.copy(in, target), executable);
    } catch (IOException closing) {
      throw new UncheckedIOException(
          "Writing " + path + " failed: " + closing.getMessage(), closing);
    }
  }

  private StoredFile writeAtomically(
      Path base, RelativePath path, Source content, boolean executable) {
    List<String> names = namesBelowHome(base, path);
    Path target = lexically(names);
    Path fileName = Path.of(names.get(names.size() - 1));
    Path temporary = Path.of("." + fileName + "." + UUID.randomUUID() + PARTIAL_SUFFIX);
    SecureDirectoryStream<Path> directory = null;
    boolean created = false;
    try {
      directory = openDirectories(names.subList(0, names.size() - 1), path, true);
      if (isLink(directory, fileName)) {
        throw new IllegalArgumentException(
            "Refusing to write " + path + ": it is a symbolic link on the volume");
      }
      HashingChannel written;
      try (SeekableByteChannel channel =
          directory.newByteChannel(
              temporary,
              Set.of(
                  StandardOpenOption.CREATE_NEW,
                  StandardOpenOption.WRITE,
                  LinkOption.NOFOLLOW_LINKS))) {
        created = true;
        EarlyFlush flush =
            channel instanceof FileChannel file ? new EarlyFlush(file, path.toString()) : null;
        written = new HashingChannel(channel, flush);
        content.writeTo(written);
        if (flush != null) {
          flush.finish();
        }
      }
      if (executable) {
        setExecutable(directory, temporary);
      }
      // renameat: replaces the target (never following it) atomically, inside the directory held
      directory.move(temporary, directory, fileName);
      created = false;
      return new StoredFile(podPath(target), written.length, written.sha1());
    } catch (IOException e) {
      throw new UncheckedIOException("Writing " + path + " failed: " + e.getMessage(), e);
    } finally {
      if (directory != null) {
        if (created) {
          deleteQuietly(directory, temporary);
        }
        closeQuietly(directory);
      }
    }
  }

  /** Bytes to write: read from a stream, or handed over in buffers by a {@link Content}. */
  @FunctionalInterface
  private interface Source {
    void writeTo(WritableByteChannel target) throws IOException;
  }

  /**
   * The temporary file as {@link Source}s write it: each buffer is hashed and written whole before
   * {@code write} returns, so the caller may reuse or release it at once. Buffers handed over
   * together go to the file in one gathering write. With an {@link EarlyFlush}, what is written
   * goes on to the disk while more arrives.
   */
  private static final class HashingChannel implements GatheringByteChannel {
    private final SeekableByteChannel file;
    private final EarlyFlush flush;
    private final MessageDigest sha1 = digest("SHA-1");
    private long length;

    /**
     * @param flush flushes early as the file grows, or null
     */
    HashingChannel(SeekableByteChannel file, EarlyFlush flush) {
      this.file = file;
      this.flush = flush;
    }

    @Override
    public int write(ByteBuffer bytes) throws IOException {
      int count = bytes.remaining();
      sha1.update(bytes.duplicate());
      while (bytes.hasRemaining()) {
        file.write(bytes);
      }
      written(count);
      return count;
    }

    @Override
    public long write(ByteBuffer[] buffers, int offset, int count) throws IOException {
      if (!(file instanceof GatheringByteChannel gathering)) {
        long total = 0;
        for (int i = offset; i < offset + count; i++) {
          total += write(buffers[i]);
        }
        return total;
      }
      long total = 0;
      for (int i = offset; i < offset + count; i++) {
        total += buffers[i].remaining();
        sha1.update(buffers[i].duplicate());
      }
      for (long left = total; left > 0; ) {
        left -= gathering.write(buffers, offset, count);
      }
      written(total);
      return total;
    }

    private void written(long count) throws IOException {
      length += count;
      if (flush != null) {
        flush.written(count);
      }
    }

    @Override
    public long write(ByteBuffer[] buffers) throws IOException {
      return write(buffers, 0, buffers.length);
    }

    @Override
    public boolean isOpen() {
      return file.isOpen();
    }

    @Override
    public void close() {
      // the file is closed by whoever opened it
    }

    String sha1() {
      return HexFormat.of().formatHex(sha1.digest());
    }
  }

  /**
   * The file at {@code path} below {@code base}, or empty when there is none. Every directory on
   * the way is opened without following links, and so is the file each time the content is opened,
   * so a link a script swaps in after this call cannot make the agent read anything else.
   */
  Optional<Content> readBelow(Path base, RelativePath path) {
    List<String> names = namesBelowHome(base, path);
    Path fileName = Path.of(names.get(names.size() - 1));
    SecureDirectoryStream<Path> directory;
    try {
      directory = openDirectories(names.subList(0, names.size() - 1), path, false);
    } catch (NoSuchFileException | NotDirectoryException gone) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("Reading " + path + " failed: " + e.getMessage(), e);
    }
    try {
      return regularFile(directory, fileName, path)
          .map(attributes -> new VolumeContent(names, path, attributes.size()));
    } catch (IOException e) {
      throw new UncheckedIOException("Reading " + path + " failed: " + e.getMessage(), e);
    } finally {
      closeQuietly(directory);
    }
  }

  /**
   * The file at {@code path} below {@code base} opened once, without following a link on the way or
   * at the file, or empty when there is none; its length is the opened file's.
   */
  Optional<OpenedContent> openBelow(Path base, RelativePath path) {
    try {
      Optional<FileChannel> opened = openFile(namesBelowHome(base, path), path);
      if (opened.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new OpenedFile(opened.get(), path));
    } catch (IOException e) {
      throw new UncheckedIOException("Reading " + path + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Opens the regular file {@code names} lead to, each directory relative to the one before and the
   * file itself without following a link; empty when something on the way is missing or the file is
   * not a regular one (a FIFO would block the open). One a script swaps in after the check fails
   * the open after {@link TimedOpen#WAIT} instead.
   */
  private Optional<FileChannel> openFile(List<String> names, RelativePath path) throws IOException {
    SecureDirectoryStream<Path> directory;
    try {
      directory = openDirectories(names.subList(0, names.size() - 1), path, false);
    } catch (NoSuchFileException | NotDirectoryException gone) {
      return Optional.empty();
    }
    boolean handedOver = false;
    try {
      Path fileName = Path.of(names.get(names.size() - 1));
      if (regularFile(directory, fileName, path).isEmpty()) {
        return Optional.empty();
      }
      // O_NOFOLLOW: a link swapped in since the look-up is refused, not followed; a FIFO swapped
      // in is an error after a while, not a thread blocked for as long as the script likes
      handedOver = true;
      return Optional.of(TimedOpen.open(directory, fileName, path.toString(), TimedOpen.WAIT));
    } catch (NoSuchFileException gone) {
      return Optional.empty();
    } finally {
      if (!handedOver) {
        closeQuietly(directory);
      }
    }
  }

  /**
   * The attributes of {@code name} in {@code directory} when it is a regular file, empty when it is
   * missing or something else; a symbolic link is refused.
   */
  private static Optional<BasicFileAttributes> regularFile(
      SecureDirectoryStream<Path> directory, Path name, RelativePath path) throws IOException {
    BasicFileAttributes attributes;
    try {
      attributes = attributes(directory, name);
    } catch (NoSuchFileException gone) {
      return Optional.empty();
    }
    if (attributes.isSymbolicLink()) {
      throw new IllegalArgumentException(
          "Refusing " + path + ": it is a symbolic link on the volume");
    }
    return attributes.isRegularFile() ? Optional.of(attributes) : Optional.empty();
  }

  /** A file held open: its length and every stream come from the one opened file. */
  private static final class OpenedFile implements OpenedContent {
    private final FileChannel channel;
    private final RelativePath path;
    private final long length;

    OpenedFile(FileChannel channel, RelativePath path) throws IOException {
      this.channel = channel;
      this.path = path;
      try {
        this.length = channel.size();
      } catch (IOException e) {
        close();
        throw e;
      }
    }

    @Override
    public long length() {
      return length;
    }

    @Override
    public InputStream open() {
      return openAt(0);
    }

    @Override
    public InputStream openAt(long offset) {
      if (offset < 0) {
        throw new IllegalArgumentException("offset must not be negative, got " + offset);
      }
      return new PositionalInputStream(channel, Math.min(offset, length), length);
    }

    @Override
    public void close() {
      try {
        channel.close();
      } catch (IOException ignored) {
        // a file opened for reading: nothing to recover
      }
    }

    @Override
    public String toString() {
      return path + " (" + length + " bytes, open)";
    }
  }

  /**
   * Reads a shared channel from {@code position} up to {@code end} with positional reads, so that
   * streams over the same opened file do not disturb one another; closing it leaves the file open.
   */
  private static final class PositionalInputStream extends InputStream {
    private final FileChannel channel;
    private final long end;
    private long position;

    PositionalInputStream(FileChannel channel, long position, long end) {
      this.channel = channel;
      this.position = position;
      this.end = end;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) == 1 ? one[0] & 0xff : -1;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) throws IOException {
      java.util.Objects.checkFromIndexSize(offset, count, buffer.length);
      if (position >= end) {
        return -1;
      }
      if (count == 0) {
        return 0;
      }
      int n =
          channel.read(
              ByteBuffer.wrap(buffer, offset, (int) Math.min(count, end - position)), position);
      if (n > 0) {
        position += n;
      }
      return n;
    }
  }

  /** A regular file of the volume, opened anew (and without following links) by each reader. */
  private final class VolumeContent implements Content {
    private final List<String> names;
    private final RelativePath path;
    private final long length;

    VolumeContent(List<String> names, RelativePath path, long length) {
      this.names = List.copyOf(names);
      this.path = path;
      this.length = length;
    }

    @Override
    public long length() {
      return length;
    }

    @Override
    public InputStream open() throws IOException {
      return openAt(0);
    }

    @Override
    public InputStream openAt(long offset) throws IOException {
      return Channels.newInputStream(openChannelAt(offset));
    }

    @Override
    public ReadableByteChannel openChannel() throws IOException {
      return openChannelAt(0);
    }

    private ReadableByteChannel openChannelAt(long offset) throws IOException {
      if (offset < 0) {
        throw new IllegalArgumentException("offset must not be negative, got " + offset);
      }
      Optional<FileChannel> opened;
      try {
        opened = openFile(names, path);
      } catch (IllegalArgumentException link) {
        opened = Optional.empty();
      }
      FileChannel channel =
          opened.orElseThrow(() -> new IOException(path + " is no longer a regular file"));
      channel.position(Math.min(offset, length));
      // never more than the length announced: a file grown since must not overrun a stream
      return new BoundedChannel(channel, Math.max(0, length - offset));
    }

    @Override
    public String toString() {
      return path + " (" + length + " bytes)";
    }
  }

  /** Reads at most {@code limit} bytes of {@code channel}, straight into the caller's buffer. */
  private static final class BoundedChannel implements ReadableByteChannel {
    private final SeekableByteChannel channel;
    private long left;

    BoundedChannel(SeekableByteChannel channel, long limit) {
      this.channel = channel;
      this.left = limit;
    }

    @Override
    public int read(ByteBuffer into) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int limit = into.limit();
      if (into.remaining() > left) {
        into.limit(into.position() + (int) left);
      }
      try {
        int n = channel.read(into);
        if (n > 0) {
          left -= n;
        }
        return n;
      } finally {
        into.limit(limit);
      }
    }

    @Override
    public boolean isOpen() {
      return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  /**
   * Opens {@code directories} below the home one by one, each relative to the one before and
   * without following a link, creating missing ones when {@code create}. A link anywhere on the way
   * is refused before anything is created below it.
   */
  private SecureDirectoryStream<Path> openDirectories(
      List<String> directories, RelativePath path, boolean create) throws IOException {
    DirectoryStream<Path> opened = Files.newDirectoryStream(home);
    if (!(opened instanceof SecureDirectoryStream<Path> current)) {
      opened.close();
      throw new IOException(
          "this platform cannot open files without following links, which the agent needs");
    }
    Path reached = home;
    try {
      for (String name : directories) {
        Path child = Path.of(name);
        reached = reached.resolve(name);
        SecureDirectoryStream<Path> next;
        try {
          next = current.newDirectoryStream(child, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException missing) {
          if (!create) {
            throw missing;
          }
          next = createDirectory(current, child, reached, path);
        } catch (IOException notADirectory) {
          if (isLink(current, child)) {
            throw new IllegalArgumentException(
                "Refusing "
                    + path
                    + ": "
                    + home.relativize(reached)
                    + " is a symbolic link on the volume, which could lead outside the agent"
                    + " home");
          }
          // a file where a directory should be: for a read, there is no such file
          NotDirectoryException notDirectory = new NotDirectoryException(reached.toString());
          notDirectory.initCause(notADirectory);
          throw notDirectory;
        }
        closeQuietly(current);
        current = next;
      }
      return current;
    } catch (IOException | RuntimeException e) {
      closeQuietly(current);
      throw e;
    }
  }

  /**
   * Creates {@code child} in {@code parent} and opens it. The JDK creates directories by name only,
   * so the new directory is checked to be the one the held parent now contains; if the chain was
   * swapped meanwhile, it is removed again and the write refused.
   */
  private static SecureDirectoryStream<Path> createDirectory(
      SecureDirectoryStream<Path> parent, Path child, Path byName, RelativePath path)
      throws IOException {
    try {
      Files.createDirectory(byName);
    } catch (FileAlreadyExistsException raced) {
      // made by someone else meanwhile: opened and checked below like any other
    }
    Object madeKey =
        Files.readAttributes(byName, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
            .fileKey();
    SecureDirectoryStream<Path> opened =
        parent.newDirectoryStream(child, LinkOption.NOFOLLOW_LINKS);
    Object heldKey =
        opened.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey();
    if (madeKey != null && !madeKey.equals(heldKey)) {
      closeQuietly(opened);
      throw new IllegalArgumentException(
          "Refusing " + path + ": the directories on the volume changed while it was written");
    }
    return opened;
  }

  private static boolean isLink(SecureDirectoryStream<Path> directory, Path name) {
    try {
      return attributes(directory, name).isSymbolicLink();
    } catch (IOException e) {
      return false;
    }
  }

  private static BasicFileAttributes attributes(SecureDirectoryStream<Path> directory, Path name)
      throws IOException {
    return directory
        .getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .readAttributes();
  }

  /** The names from the home down to {@code path} below {@code base}; {@code base} is inside it. */
  private List<String> namesBelowHome(Path base, RelativePath path) {
    Path normalized = base.toAbsolutePath().normalize();
    if (!normalized.startsWith(home)) {
      throw new IllegalArgumentException(base + " is not inside the agent home " + home);
    }
    List<String> names = new ArrayList<>();
    for (Path name : home.relativize(normalized)) {
      if (!name.toString().isEmpty()) {
        names.add(name.toString());
      }
    }
    names.addAll(path.segments());
    if (names.isEmpty()) {
      throw new IllegalArgumentException("No file named below the agent home");
    }
    return names;
  }

  private Path lexically(List<String> names) {
    Path resolved = home;
    for (String name : names) {
      resolved = resolved.resolve(name);
    }
    return resolved;
  }

  /** Where script pods see a file of the home. */
  String podPath(Path onDisk) {
    return homeInPods + "/" + home.relativize(onDisk).toString().replace('\\', '/');
  }

  private static void setExecutable(SecureDirectoryStream<Path> directory, Path file)
      throws IOException {
    PosixFileAttributeView view =
        directory.getFileAttributeView(
            file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (view == null) {
      throw new IOException("Cannot make " + file + " executable on this file system");
    }
    view.setPermissions(EXECUTABLE);
  }

  private static void deleteQuietly(SecureDirectoryStream<Path> directory, Path file) {
    try {
      directory.deleteFile(file);
    } catch (IOException ignored) {
      // Best effort: a leftover .partial file is hidden and removed by orphan cleanup.
    }
  }

  /** Closes a directory or read handle on the volume; a failure to close loses nothing. */
  static void closeQuietly(java.io.Closeable handle) {
    try {
      handle.close();
    } catch (IOException ignored) {
      // closing a directory or read handle: nothing to recover
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
