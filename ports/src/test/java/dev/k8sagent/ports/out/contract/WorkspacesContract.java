package dev.k8sagent.ports.out.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k8sagent.domain.files.RelativePath;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.ports.content.Content;
import dev.k8sagent.ports.out.StoredFile;
import dev.k8sagent.ports.out.WorkspaceRef;
import dev.k8sagent.ports.out.WorkspaceSummary;
import dev.k8sagent.ports.out.Workspaces;
import java.io.ByteArrayInputStream;
import java.io.IOException;
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
    assertThat(stored.sha256())
        .isEqualTo(hex("SHA-256", "echo hi\n".getBytes(StandardCharsets.UTF_8)));
    assertThat(readText("dir/sub/script.sh")).contains("echo hi\n");
  }

  @Test
  void a_large_file_streams_through_unchanged() throws Exception {
    workspaces.create(TICKET);
    long size = 8L * 1024 * 1024 + 13;

    StoredFile stored =
        workspaces.write(TICKET, RelativePath.parse("big.bin"), new PatternStream(size), false);

    Content content = workspaces.read(TICKET, RelativePath.parse("big.bin")).orElseThrow();
    assertThat(content.length()).isEqualTo(size);
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (InputStream in = new DigestInputStream(content.open(), digest)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(stored.sha256());
    MessageDigest expected = MessageDigest.getInstance("SHA-256");
    try (InputStream in = new DigestInputStream(new PatternStream(size), expected)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    assertThat(stored.sha256()).isEqualTo(HexFormat.of().formatHex(expected.digest()));
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
  void a_failed_write_leaves_no_partial_file_and_keeps_the_previous_one() {
    workspaces.create(TICKET);
    write("deploy.sh", "old");

    assertThatThrownBy(
            () ->
                workspaces.write(
                    TICKET, RelativePath.parse("deploy.sh"), new FailingStream(100_000), false))
        .isInstanceOf(RuntimeException.class);
    assertThatThrownBy(
            () ->
                workspaces.write(
                    TICKET, RelativePath.parse("new.sh"), new FailingStream(100_000), false))
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

  @Test
  void files_below_the_home_are_stored_and_replaced_whole() {
    RelativePath path = RelativePath.parse("Files/package.zip");

    StoredFile first = workspaces.store(path, stream("version 1"));
    StoredFile second = workspaces.store(path, stream("v2"));

    assertThat(first.fullPath()).isEqualTo(HOME + "/Files/package.zip");
    assertThat(second.length()).isEqualTo(2);
    assertThat(text(workspaces.retrieve(path))).contains("v2");
    assertThat(workspaces.retrieve(RelativePath.parse("Files/none.zip"))).isEmpty();
  }

  @Test
  void a_failed_store_keeps_the_previous_file() {
    RelativePath path = RelativePath.parse("Files/package.zip");
    workspaces.store(path, stream("good"));

    assertThatThrownBy(() -> workspaces.store(path, new FailingStream(50_000)))
        .isInstanceOf(RuntimeException.class);

    assertThat(text(workspaces.retrieve(path))).contains("good");
  }

  @Test
  void reports_the_room_left_on_the_volume() {
    assertThat(workspaces.usableSpace()).isPositive();
  }

  private StoredFile write(String path, String text) {
    return workspaces.write(TICKET, RelativePath.parse(path), stream(text), false);
  }

  private Optional<String> readText(String path) {
    return text(workspaces.read(TICKET, RelativePath.parse(path)));
  }

  private static Optional<String> text(Optional<Content> content) {
    return content.map(
        c -> {
          try (InputStream in = c.open()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }

  private static InputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String hex(String algorithm, byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
  }

  /** A deterministic stream of {@code size} bytes that is never held in memory. */
  protected static final class PatternStream extends InputStream {
    private final long size;
    private long position;

    public PatternStream(long size) {
      this.size = size;
    }

    @Override
    public int read() {
      return position < size ? (int) ((position++ * 31 + 7) & 0xFF) : -1;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (position >= size) {
        return -1;
      }
      int n = (int) Math.min(length, size - position);
      for (int i = 0; i < n; i++) {
        buffer[offset + i] = (byte) ((position++ * 31 + 7) & 0xFF);
      }
      return n;
    }
  }

  /** A stream that breaks after {@code failAfter} bytes, as a dropped connection does. */
  protected static final class FailingStream extends InputStream {
    private final long failAfter;
    private long position;

    public FailingStream(long failAfter) {
      this.failAfter = failAfter;
    }

    @Override
    public int read() throws IOException {
      if (position++ >= failAfter) {
        throw new IOException("connection dropped");
      }
      return 'x';
    }
  }
}
