package dev.k8sagent.ports.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k8sagent.domain.files.RelativePath;
import dev.k8sagent.ports.content.Content;
import dev.k8sagent.ports.in.DownloadFile;
import dev.k8sagent.ports.in.RequestRefused;
import dev.k8sagent.ports.in.RequestRefused.Reason;
import dev.k8sagent.ports.in.UploadFile;
import dev.k8sagent.ports.in.UploadResult;
import dev.k8sagent.ports.out.twins.InMemoryFileStore;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TransferringFilesTest {
  private final InMemoryFileStore store = new InMemoryFileStore("/octopus");
  private final TransferringFiles files = new TransferringFiles(store, "/octopus");

  @Test
  void an_upload_reports_full_path_sha1_and_length_as_tentacle_does() throws Exception {
    UploadResult result = files.upload(new UploadFile("Files/pkg.zip", Content.ofText("package")));

    assertThat(result.fullPath()).isEqualTo("/octopus/Files/pkg.zip");
    assertThat(result.length()).isEqualTo(7);
    assertThat(result.hash())
        .isEqualTo(
            HexFormat.of()
                .formatHex(
                    MessageDigest.getInstance("SHA-1")
                        .digest("package".getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void absolute_paths_inside_the_home_and_windows_separators_are_accepted() throws Exception {
    files.upload(new UploadFile("/octopus/Tools/Calamari/run.sh", Content.ofText("a")));
    files.upload(new UploadFile("Tools\\Other\\x.txt", Content.ofText("b")));

    assertThat(store.retrieve(RelativePath.parse("Tools/Calamari/run.sh"))).isPresent();
    assertThat(text(files.download(new DownloadFile("/octopus/Tools/Other/x.txt")).orElseThrow()))
        .isEqualTo("b");
  }

  @ParameterizedTest
  @ValueSource(strings = {"../etc/passwd", "/etc/passwd", "/octopus/../root/.ssh/keys"})
  void paths_outside_the_home_are_refused(String path) {
    assertThatThrownBy(() -> files.upload(new UploadFile(path, Content.ofText("x"))))
        .isInstanceOfSatisfying(
            RequestRefused.class,
            refused -> assertThat(refused.reason()).isEqualTo(Reason.PATH_OUTSIDE_HOME));
    assertThatThrownBy(() -> files.download(new DownloadFile(path)))
        .isInstanceOfSatisfying(
            RequestRefused.class,
            refused -> assertThat(refused.reason()).isEqualTo(Reason.PATH_OUTSIDE_HOME));
  }

  @Test
  void an_upload_larger_than_the_free_space_is_refused_before_writing() {
    store.setUsableSpace(20L * 1024 * 1024);

    assertThatThrownBy(
            () ->
                files.upload(
                    new UploadFile("Files/big.zip", Content.ofBytes(new byte[8 * 1024 * 1024]))))
        .isInstanceOfSatisfying(
            RequestRefused.class,
            refused -> assertThat(refused.reason()).isEqualTo(Reason.VOLUME_FULL))
        .hasMessageContaining("too full for Files/big.zip")
        .hasMessageContaining("needs 8.0 MiB and 20.0 MiB is free");
    assertThat(store.retrieve(RelativePath.parse("Files/big.zip"))).isEmpty();
  }

  @Test
  void an_upload_during_which_the_volume_fills_is_refused_for_good_and_leaves_no_file() {
    Content fillsTheVolume =
        new Content() {
          @Override
          public long length() {
            return 4096;
          }

          @Override
          public InputStream open() {
            return new InputStream() {
              private int read;

              @Override
              public int read() throws java.io.IOException {
                if (++read > 1000) {
                  store.setUsableSpace(0); // another writer took the rest of the volume
                  throw new java.io.IOException("No space left on device");
                }
                return 'x';
              }
            };
          }
        };

    assertThatThrownBy(() -> files.upload(new UploadFile("Files/pkg.zip", fillsTheVolume)))
        .isInstanceOfSatisfying(
            RequestRefused.class,
            refused -> assertThat(refused.reason()).isEqualTo(Reason.VOLUME_FULL))
        .hasMessageContaining("Enlarge the volume");
    assertThat(store.retrieve(RelativePath.parse("Files/pkg.zip"))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        ".k8s-agent/state.properties",
        "/octopus/.k8s-agent/state.properties",
        "Work/../.k8s-agent/state.properties",
        ".K8S-Agent/state.properties",
        ".k8s-agent\\new.properties",
        "Files/agent-state.properties"
      })
  void the_agents_own_files_are_never_read_or_written_by_file_transfer(String path)
      throws Exception {
    store.store(
        RelativePath.parse(".k8s-agent/state.properties"), Content.ofText("private-key=secret"));
    TransferringFiles keeping =
        new TransferringFiles(
            store,
            "/octopus",
            java.util.List.of(RelativePath.parse("Files/agent-state.properties")));

    assertThatThrownBy(() -> keeping.download(new DownloadFile(path)))
        .isInstanceOfSatisfying(
            RequestRefused.class,
            refused -> assertThat(refused.reason()).isEqualTo(Reason.PATH_OUTSIDE_HOME))
        .hasMessageContaining("the agent's own");
    assertThatThrownBy(() -> keeping.upload(new UploadFile(path, Content.ofText("overwritten"))))
        .isInstanceOf(RequestRefused.class);
    assertThat(
            text(store.retrieve(RelativePath.parse(".k8s-agent/state.properties")).orElseThrow()))
        .isEqualTo("private-key=secret");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Files/a\nb.txt", "Files/a\rb.txt", "Files\n/b.txt", "Files/tab\t.txt"})
  void a_name_holding_a_control_character_is_refused_for_good(String path) {
    assertThatThrownBy(() -> files.upload(new UploadFile(path, Content.ofText("x"))))
        .isInstanceOf(RequestRefused.class)
        .hasMessageContaining("control character");
  }

  @Test
  void downloading_a_missing_file_is_empty() {
    assertThat(files.download(new DownloadFile("Files/none"))).isEmpty();
  }

  private static String text(Content content) throws Exception {
    try (InputStream in = content.open()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
