package dev.k8sagent.ports.out;

import dev.k8sagent.domain.files.RelativePath;
import dev.k8sagent.ports.content.Content;
import java.util.Optional;

/**
 * The files the server uploads to and downloads from the agent home on the shared volume (packages,
 * tools), at paths below the home that the server chooses.
 *
 * <p>A store streams to a temporary file beside its target and renames it into place when complete:
 * a reader never sees a half-written file under its final name, and a failed store leaves any
 * previous file untouched. Paths never leave the home.
 */
public interface FileStore {

  /**
   * Writes a file below the home, reading {@code content} once, to its end ({@link
   * Content#transferTo}), replacing any file there.
   *
   * @throws IllegalArgumentException when the path leads out of the home on the volume
   * @throws java.io.UncheckedIOException when reading the content or writing the file fails
   */
  StoredFile store(RelativePath pathInHome, Content content);

  /** A file below the home, or empty when it does not exist. */
  Optional<Content> retrieve(RelativePath pathInHome);

  /** Bytes that can still be written to the volume (what a store may use, not the disk size). */
  long usableSpace();
}
