package dev.k8sagent.adapters.storage;

import dev.k8sagent.domain.files.RelativePath;
import dev.k8sagent.ports.content.Content;
import dev.k8sagent.ports.out.FileStore;
import dev.k8sagent.ports.out.StoredFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@link FileStore} on the mounted agent home: the packages and tools the server uploads, anywhere
 * below the home. Files are written and read as {@link VolumeFiles} describes: atomically, and
 * never through a symbolic link out of the home.
 */
public final class DirectoryFileStore implements FileStore {
  private final VolumeFiles volume;

  /**
   * @param home the home directory as mounted in the agent's container
   * @param homeInPods the same directory as the server and script pods know it ({@code /octopus})
   */
  public DirectoryFileStore(Path home, String homeInPods) {
    this.volume = new VolumeFiles(home, "", homeInPods);
  }

  @Override
  public StoredFile store(RelativePath pathInHome, Content content) {
    return volume.writeAtomically(volume.home(), pathInHome, content, false);
  }

  @Override
  public Optional<Content> retrieve(RelativePath pathInHome) {
    return volume.readBelow(volume.home(), pathInHome);
  }

  @Override
  public long usableSpace() {
    try {
      return Files.getFileStore(volume.home()).getUsableSpace();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot read the free space of " + volume.home() + ": " + e.getMessage(), e);
    }
  }
}
