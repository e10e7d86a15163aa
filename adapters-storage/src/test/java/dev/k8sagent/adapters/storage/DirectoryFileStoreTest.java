package dev.k8sagent.adapters.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k8sagent.domain.files.RelativePath;
import dev.k8sagent.ports.out.FileStore;
import dev.k8sagent.ports.out.contract.FileStoreContract;
import dev.k8sagent.ports.out.contract.TestStreams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryFileStoreTest extends FileStoreContract {
  @TempDir Path volume;
  @TempDir Path outside;

  @Override
  protected FileStore fileStore() {
    return new DirectoryFileStore(volume, HOME);
  }

  @Test
  void a_symbolic_link_out_of_the_home_is_refused_for_stores_and_retrieves() throws Exception {
    DirectoryFileStore files = new DirectoryFileStore(volume, HOME);
    Files.createSymbolicLink(volume.resolve("escape"), outside);
    Files.writeString(outside.resolve("secret.txt"), "do not read");

    assertThatThrownBy(
            () -> files.store(RelativePath.parse("escape/x.zip"), TestStreams.stream("x")))
        .hasMessageContaining("is a symbolic link on the volume");
    assertThatThrownBy(() -> files.retrieve(RelativePath.parse("escape/secret.txt")))
        .hasMessageContaining("is a symbolic link on the volume");
    assertThat(outside.resolve("x.zip")).doesNotExist();
  }

  @Test
  void a_failed_store_leaves_no_temporary_file_behind() throws Exception {
    DirectoryFileStore files = new DirectoryFileStore(volume, HOME);

    assertThatThrownBy(
            () ->
                files.store(
                    RelativePath.parse("Files/big.bin"), new TestStreams.FailingStream(200_000)))
        .hasMessageContaining("Writing Files/big.bin failed");

    try (Stream<Path> left = Files.list(volume.resolve("Files"))) {
      assertThat(left).isEmpty();
    }
  }
}
