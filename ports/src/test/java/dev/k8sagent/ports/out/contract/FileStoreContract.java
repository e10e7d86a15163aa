package dev.k8sagent.ports.out.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k8sagent.domain.files.RelativePath;
import dev.k8sagent.ports.content.Content;
import dev.k8sagent.ports.out.FileStore;
import dev.k8sagent.ports.out.StoredFile;
import dev.k8sagent.ports.out.contract.TestStreams.FailingStream;
import dev.k8sagent.ports.out.contract.TestStreams.PatternStream;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link FileStore} must do. Extend it with the implementation under test; {@link
 * #fileStore()} is called once per test and must return an empty home at {@link #HOME}.
 */
public abstract class FileStoreContract {

  /** The home directory as the server and pods see it; implementations are set up with it. */
  protected static final String HOME = "/octopus";

  private FileStore files;

  protected abstract FileStore fileStore();

  @BeforeEach
  void setUp() {
    files = fileStore();
  }

  @Test
  void files_below_the_home_are_stored_and_replaced_whole() {
    RelativePath path = RelativePath.parse("Files/package.zip");

    StoredFile first = files.store(path, Content.ofText("version 1"));
    StoredFile second = files.store(path, Content.ofText("v2"));

    assertThat(first.fullPath()).isEqualTo(HOME + "/Files/package.zip");
    assertThat(second.length()).isEqualTo(2);
    assertThat(TestStreams.text(files.retrieve(path))).contains("v2");
    assertThat(files.retrieve(RelativePath.parse("Files/none.zip"))).isEmpty();
  }

  @Test
  void a_failed_store_keeps_the_previous_file() {
    RelativePath path = RelativePath.parse("Files/package.zip");
    files.store(path, Content.ofText("good"));

    assertThatThrownBy(
            () -> files.store(path, TestStreams.once(new FailingStream(50_000), 100_000)))
        .isInstanceOf(RuntimeException.class);

    assertThat(TestStreams.text(files.retrieve(path))).contains("good");
  }

  @Test
  void reports_the_room_left_on_the_volume() {
    assertThat(files.usableSpace()).isPositive();
  }

  @Test
  void a_large_upload_streams_through_with_the_sha1_the_server_checks() throws Exception {
    long size = 8L * 1024 * 1024 + 13;

    StoredFile stored =
        files.store(
            RelativePath.parse("Tools/big.bin"), TestStreams.once(new PatternStream(size), size));

    assertThat(stored.length()).isEqualTo(size);
    MessageDigest expected = MessageDigest.getInstance("SHA-1");
    try (InputStream in = new DigestInputStream(new PatternStream(size), expected)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    assertThat(stored.sha1()).isEqualTo(HexFormat.of().formatHex(expected.digest()));
    assertThat(files.retrieve(RelativePath.parse("Tools/big.bin")).orElseThrow().length())
        .isEqualTo(size);
  }

  @Test
  void content_handed_over_in_buffers_is_stored_whole_with_its_sha1() throws Exception {
    List<byte[]> parts = List.of(new byte[70_000], "middle".getBytes(), new byte[40_000]);
    Arrays.fill(parts.get(0), (byte) 'a');
    Arrays.fill(parts.get(2), (byte) 'z');
    MessageDigest expected = MessageDigest.getInstance("SHA-1");
    parts.forEach(expected::update);

    StoredFile stored =
        files.store(RelativePath.parse("Files/parts.bin"), TestStreams.handedOver(parts, false));

    assertThat(stored.length()).isEqualTo(110_006);
    assertThat(stored.sha1()).isEqualTo(HexFormat.of().formatHex(expected.digest()));
    try (InputStream in =
        files.retrieve(RelativePath.parse("Files/parts.bin")).orElseThrow().open()) {
      byte[] back = in.readAllBytes();
      assertThat(Arrays.copyOfRange(back, 70_000, 70_006)).isEqualTo("middle".getBytes());
      assertThat(back).hasSize(110_006).startsWith(parts.get(0)).endsWith(parts.get(2));
    }
  }

  @Test
  void content_that_breaks_after_handing_buffers_over_leaves_nothing_in_place() {
    RelativePath path = RelativePath.parse("Files/cut.bin");

    assertThatThrownBy(
            () -> files.store(path, TestStreams.handedOver(List.of(new byte[100_000]), true)))
        .isInstanceOf(RuntimeException.class)
        .hasMessageContaining("arrived whole");

    assertThat(files.retrieve(path)).isEmpty();
  }

  @Test
  void a_failed_first_store_leaves_nothing_to_retrieve() {
    RelativePath path = RelativePath.parse("Files/partial.zip");

    assertThatThrownBy(
            () -> files.store(path, TestStreams.once(new FailingStream(50_000), 100_000)))
        .isInstanceOf(RuntimeException.class);

    assertThat(files.retrieve(path)).isEmpty();
  }
}
