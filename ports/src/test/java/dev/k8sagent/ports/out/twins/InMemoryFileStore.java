package dev.k8sagent.ports.out.twins;

import dev.k8sagent.domain.files.RelativePath;
import dev.k8sagent.ports.content.Content;
import dev.k8sagent.ports.out.FileStore;
import dev.k8sagent.ports.out.StoredFile;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link FileStore} held in memory, for tests and local runs: whole-file replacement, nothing kept
 * from a failed store, paths as the server would be told them. Contents live on the heap, so keep
 * them small.
 */
public final class InMemoryFileStore implements FileStore {
  private final String home;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private volatile long usableSpace = Long.MAX_VALUE;

  /**
   * @param home the agent home as the server and pods see it ({@code /octopus})
   */
  public InMemoryFileStore(String home) {
    this.home = InMemoryFiles.home(home);
  }

  @Override
  public StoredFile store(RelativePath pathInHome, Content content) {
    byte[] bytes = InMemoryFiles.readFully(content, pathInHome);
    files.put(pathInHome.asString(), bytes);
    return InMemoryFiles.stored(home + "/" + pathInHome.asString(), bytes);
  }

  @Override
  public Optional<Content> retrieve(RelativePath pathInHome) {
    return Optional.ofNullable(files.get(pathInHome.asString())).map(Content::ofBytes);
  }

  /** Pretends the volume has this much room left; unlimited until set. */
  public void setUsableSpace(long bytes) {
    usableSpace = bytes;
  }

  @Override
  public long usableSpace() {
    return usableSpace;
  }
}
