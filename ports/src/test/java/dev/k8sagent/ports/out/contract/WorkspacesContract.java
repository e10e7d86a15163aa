package dev.k8sagent.ports.out.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k8sagent.domain.files.RelativePath;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.ports.content.Content;
import dev.k8sagent.ports.content.OpenedContent;
import dev.k8sagent.ports.out.StoredFile;
import dev.k8sagent.ports.out.WorkspaceRef;
import dev.k8sagent.ports.out.WorkspaceSummary;
import dev.k8sagent.ports.out.Workspaces;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Workspaces} must do. Extend it with the implementation under test; {@link
 * #workspaces()} is called once per test and must return an empty home at {@link #HOME}.
 */
public abstract class WorkspacesContract {

  /** The home directory as script pods see it; implementations under test are set up with it. */
  protected static final String HOME = "/octopus";

  private static final ScriptTicket TICKET = new ScriptTicket("Ticket-1");
  private Workspaces workspaces;

  protected abstract Workspaces workspaces();

  @BeforeEach
  void setUp() {
    workspaces = workspaces();
  }

  @Test
  void a_workspace_lives_under_work_named_by_the_lower_case_ticket() {
    WorkspaceRef ref = workspaces.create(TICKET);

    assertThat(ref.ticket()).isEqualTo(TICKET);
    assertThat(ref.directory()).isEqualTo(HOME + "/Work/ticket-1");
  }

  @Test
  void creating_a_workspace_twice_keeps_its_files() {
    workspaces.create(TICKET);
    write("a.txt", "hello");

    workspaces.create(TICKET);

    assertThat(readText("a.txt")).contains("hello");
  }

  @Test
  void a_written_file_reads_back_with_its_length_and_hashes() throws Exception {
    workspaces.create(TICKET);

    StoredFile stored = write("dir/sub/script.sh", "echo hi\n");

    assertThat(stored.fullPath()).isEqualTo(HOME + "/Work/ticket-1/dir/sub/script.sh");
    assertThat(stored.length()).isEqualTo(8);
    assertThat(stored.sha1()).isEqualTo(hex("SHA-1", "echo hi\n".getBytes(StandardCharsets.UTF_8)));
    assertThat(readText("dir/sub/script.sh")).contains("echo hi\n");
  }

  @Test
  void a_large_file_streams_through_unchanged() throws Exception {
    workspaces.create(TICKET);
    long size = 8L * 1024 * 1024 + 13;

    StoredFile stored =
        workspaces.write(
            TICKET, RelativePath.parse("big.bin"), new TestStreams.PatternStream(size), false);

    Content content = workspaces.read(TICKET, RelativePath.parse("big.bin")).orElseThrow();
    assertThat(content.length()).isEqualTo(size);
    MessageDigest digest = MessageDigest.getInstance("SHA-1");
    try (InputStream in = new DigestInputStream(content.open(), digest)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(stored.sha1());
    MessageDigest expected = MessageDigest.getInstance("SHA-1");
    try (InputStream in = new DigestInputStream(new TestStreams.PatternStream(size), expected)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    assertThat(stored.sha1()).isEqualTo(HexFormat.of().formatHex(expected.digest()));
  }

  @Test
  void reading_from_an_offset_starts_there() throws Exception {
    workspaces.create(TICKET);
    write("out.log", "0123456789");

    Content content = workspaces.read(TICKET, RelativePath.parse("out.log")).orElseThrow();
    try (InputStream in = content.openAt(4)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("456789");
    }
  }

  @Test
  void a_file_opened_once_gives_its_length_and_reads_from_any_offset_more_than_once()
      throws Exception {
    workspaces.create(TICKET);
    write("out.log", "0123456789");

    try (OpenedContent opened =
        workspaces.open(TICKET, RelativePath.parse("out.log")).orElseThrow()) {
      assertThat(opened.length()).isEqualTo(10);
      try (InputStream in = opened.openAt(4)) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("456789");
      }
      try (InputStream in = opened.open()) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("0123456789");
      }
    }
    assertThat(workspaces.open(TICKET, RelativePath.parse("none"))).isEmpty();
  }

  @Test
  void a_failed_write_leaves_no_partial_file_and_keeps_the_previous_one() {
    workspaces.create(TICKET);
    write("deploy.sh", "old");

    assertThatThrownBy(
            () ->
                workspaces.write(
                    TICKET,
                    RelativePath.parse("deploy.sh"),
                    new TestStreams.FailingStream(100_000),
                    false))
        .isInstanceOf(RuntimeException.class);
    assertThatThrownBy(
            () ->
                workspaces.write(
                    TICKET,
                    RelativePath.parse("new.sh"),
                    new TestStreams.FailingStream(100_000),
                    false))
        .isInstanceOf(RuntimeException.class);

    assertThat(readText("deploy.sh")).contains("old");
    assertThat(workspaces.read(TICKET, RelativePath.parse("new.sh"))).isEmpty();
  }

  @Test
  void writing_into_a_workspace_that_does_not_exist_is_refused() {
    assertThatThrownBy(() -> write("x.sh", "x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Ticket-1");
  }

  @Test
  void reading_what_does_not_exist_is_empty() {
    assertThat(workspaces.read(TICKET, RelativePath.parse("none"))).isEmpty();
    workspaces.create(TICKET);
    assertThat(workspaces.read(TICKET, RelativePath.parse("none"))).isEmpty();
  }

  @Test
  void workspaces_are_listed_until_deleted() {
    ScriptTicket other = new ScriptTicket("other");
    workspaces.create(TICKET);
    workspaces.create(other);
    write("f", "x");

    assertThat(workspaces.list()).extracting(WorkspaceSummary::ticket).contains(TICKET, other);

    workspaces.delete(TICKET);

    assertThat(workspaces.list()).extracting(WorkspaceSummary::ticket).containsExactly(other);
    assertThat(workspaces.read(TICKET, RelativePath.parse("f"))).isEmpty();
  }

  @Test
  void deleting_an_unknown_workspace_is_harmless() {
    workspaces.delete(new ScriptTicket("never-created"));

    assertThat(workspaces.list()).isEmpty();
  }

  private StoredFile write(String path, String text) {
    return workspaces.write(TICKET, RelativePath.parse(path), TestStreams.stream(text), false);
  }

  private Optional<String> readText(String path) {
    return TestStreams.text(workspaces.read(TICKET, RelativePath.parse(path)));
  }

  private static String hex(String algorithm, byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
  }
}
