package dev.k8sagent.ports.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentTest {

  @Test
  void file_content_reads_from_an_offset_by_seeking(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("out.log"), "abcdefgh");
    Content content = Content.ofFile(file);

    assertThat(content.length()).isEqualTo(8);
    try (InputStream in = content.openAt(5)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("fgh");
    }
  }

  @Test
  void memory_content_can_be_read_twice_and_from_an_offset() throws Exception {
    Content content = Content.ofText("hello");

    try (InputStream first = content.open();
        InputStream second = content.openAt(3)) {
      assertThat(first.readAllBytes()).hasSize(5);
      assertThat(new String(second.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("lo");
    }
  }

  @Test
  void a_negative_offset_is_refused() {
    assertThatThrownBy(() -> Content.ofText("x").openAt(-1))
        .hasMessageContaining("must not be negative");
  }
}
