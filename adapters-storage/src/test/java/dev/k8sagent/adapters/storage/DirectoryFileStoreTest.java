package dev.k8sagent.adapters.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k8sagent.domain.files.RelativePath;
import dev.k8sagent.ports.content.Content;
import dev.k8sagent.ports.out.FileStore;
import dev.k8sagent.ports.out.contract.FileStoreContract;
import dev.k8sagent.ports.out.contract.TestStreams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
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

    assertThatThrownBy(() -> files.store(RelativePath.parse("escape/x.zip"), Content.ofText("x")))
        .hasMessageContaining("is a symbolic link on the volume");
    assertThatThrownBy(() -> files.retrieve(RelativePath.parse("escape/secret.txt")))
        .hasMessageContaining("is a symbolic link on the volume");
    assertThat(outside.resolve("x.zip")).doesNotExist();
  }

  /** Issue #15 item 3, on the path UploadFile takes: nothing is made before the check. */
  @Test
  void an_upload_through_a_planted_link_creates_no_directory_outside_the_home() throws Exception {
    DirectoryFileStore files = new DirectoryFileStore(volume, HOME);
    Files.createDirectories(volume.resolve("Work/t1"));
    Files.createSymbolicLink(volume.resolve("Work/t1/lnk"), outside);

    assertThatThrownBy(
            () -> files.store(RelativePath.parse("Work/t1/lnk/newdir/f.txt"), Content.ofText("x")))
        .hasMessageContaining("lnk is a symbolic link on the volume");
    assertThat(outside.resolve("newdir")).doesNotExist();
  }

  /** Issue #15 item 2, on the path DownloadFile takes: the file checked is the file read. */
  @Test
  void a_file_swapped_for_a_link_after_the_check_is_not_read_through_it() throws Exception {
    DirectoryFileStore files = new DirectoryFileStore(volume, HOME);
    files.store(RelativePath.parse("Work/t1/out.txt"), Content.ofText("benign"));
    Files.writeString(outside.resolve("secret.txt"), "do not read");
    var content = files.retrieve(RelativePath.parse("Work/t1/out.txt")).orElseThrow();

    Path file = volume.resolve("Work/t1/out.txt");
    Files.delete(file);
    Files.createSymbolicLink(file, outside.resolve("secret.txt"));

    assertThatThrownBy(content::open).hasMessageContaining("no longer a regular file");
  }

  /**
   * Early flushes run beside the write: the file is still whole, and its hash that of its bytes.
   */
  @Test
  void a_file_several_flush_intervals_long_is_stored_whole_with_the_sha1_of_its_bytes(
      @TempDir Path source) throws Exception {
    Path big = source.resolve("big.bin");
    long size = 2 * EarlyFlush.EVERY + 12_345;
    MessageDigest expected = MessageDigest.getInstance("SHA-1");
    byte[] block = new byte[1 << 20];
    new Random(7).nextBytes(block);
    try (var out = Files.newOutputStream(big)) {
      for (long left = size; left > 0; left -= block.length) {
        int n = (int) Math.min(block.length, left);
        out.write(block, 0, n);
        expected.update(block, 0, n);
      }
    }
    DirectoryFileStore files = new DirectoryFileStore(volume, HOME);

    var stored = files.store(RelativePath.parse("Files/big.bin"), Content.ofFile(big));

    assertThat(stored.length()).isEqualTo(size);
    assertThat(stored.sha1()).isEqualTo(HexFormat.of().formatHex(expected.digest()));
    assertThat(Files.mismatch(big, volume.resolve("Files/big.bin"))).isEqualTo(-1L);
  }

  @Test
  void a_failed_store_leaves_no_temporary_file_behind() throws Exception {
    DirectoryFileStore files = new DirectoryFileStore(volume, HOME);

    assertThatThrownBy(
            () ->
                files.store(
                    RelativePath.parse("Files/big.bin"),
                    TestStreams.once(new TestStreams.FailingStream(200_000), 400_000)))
        .hasMessageContaining("Writing Files/big.bin failed");

    try (Stream<Path> left = Files.list(volume.resolve("Files"))) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void a_stream_cut_short_while_written_straight_to_the_file_leaves_no_temporary_file()
      throws Exception {
    DirectoryFileStore files = new DirectoryFileStore(volume, HOME);
    files.store(RelativePath.parse("Files/pkg.zip"), Content.ofText("previous"));

    assertThatThrownBy(
            () ->
                files.store(
                    RelativePath.parse("Files/pkg.zip"),
                    TestStreams.handedOver(List.of(new byte[300_000], new byte[5]), true)))
        .hasMessageContaining("Writing Files/pkg.zip failed");

    try (Stream<Path> left = Files.list(volume.resolve("Files"))) {
      assertThat(left).containsExactly(volume.resolve("Files/pkg.zip"));
    }
    assertThat(Files.readString(volume.resolve("Files/pkg.zip"))).isEqualTo("previous");
  }

  @Test
  void a_retrieved_files_channel_reads_no_more_than_the_length_announced() throws Exception {
    DirectoryFileStore files = new DirectoryFileStore(volume, HOME);
    files.store(RelativePath.parse("Files/log.txt"), Content.ofText("0123456789"));
    Content content = files.retrieve(RelativePath.parse("Files/log.txt")).orElseThrow();
    Files.writeString(volume.resolve("Files/log.txt"), "grown since", StandardOpenOption.APPEND);

    java.nio.ByteBuffer into = java.nio.ByteBuffer.allocateDirect(64);
    try (var channel = content.openChannel()) {
      while (channel.read(into) >= 0) {
        // until the announced end
      }
    }

    into.flip();
    assertThat(java.nio.charset.StandardCharsets.UTF_8.decode(into).toString())
        .isEqualTo("0123456789");
  }
}
