package dev.k8sagent.ports.out.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k8sagent.domain.files.RelativePath;
import dev.k8sagent.ports.out.FileStore;
import dev.k8sagent.ports.out.StoredFile;
import dev.k8sagent.ports.out.contract.TestStreams.FailingStream;
import dev.k8sagent.ports.out.contract.TestStreams.PatternStream;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
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

    StoredFile first = files.store(path, TestStreams.stream("version 1"));
    StoredFile second = files.store(path, TestStreams.stream("v2"));

    assertThat(first.fullPath()).isEqualTo(HOME + "/Files/package.zip");
    assertThat(second.length()).isEqualTo(2);
    assertThat(TestStreams.text(files.retrieve(path))).contains("v2");
    assertThat(files.retrieve(RelativePath.parse("Files/none.zip"))).isEmpty();
  }

  @Test
  void a_failed_store_keeps_the_previous_file() {
    RelativePath path = RelativePath.parse("Files/package.zip");
    files.store(path, TestStreams.stream("good"));

    assertThatThrownBy(() -> files.store(path, new FailingStream(50_000)))
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

    StoredFile stored = files.store(RelativePath.parse("Tools/big.bin"), new PatternStream(size));

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
  void a_failed_first_store_leaves_nothing_to_retrieve() {
    RelativePath path = RelativePath.parse("Files/partial.zip");

    assertThatThrownBy(() -> files.store(path, new FailingStream(50_000)))
        .isInstanceOf(RuntimeException.class);

    assertThat(files.retrieve(path)).isEmpty();
  }
}
