package dev.k8sagent.ports.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k8sagent.domain.files.RelativePath;
import dev.k8sagent.domain.task.ExitCode;
import dev.k8sagent.domain.task.OutputBatch;
import dev.k8sagent.domain.task.OutputLine;
import dev.k8sagent.domain.task.OutputLog;
import dev.k8sagent.domain.task.OutputSequence;
import dev.k8sagent.domain.task.OutputSource;
import dev.k8sagent.domain.task.ScriptOutputFormat;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.ports.content.Content;
import dev.k8sagent.ports.content.OpenedContent;
import dev.k8sagent.ports.out.StoredFile;
import dev.k8sagent.ports.out.WorkspaceRef;
import dev.k8sagent.ports.out.WorkspaceSummary;
import dev.k8sagent.ports.out.Workspaces;
import dev.k8sagent.ports.out.twins.InMemoryWorkspaces;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The output file is the only copy of the script's lines: the reader holds at most one answer's
 * worth between reading and answering, and reads again from remembered byte positions, so memory
 * does not grow with output the server has not fetched, and no line is lost or repeated across
 * retries and restarts.
 */
class ScriptOutputReaderTest {
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  private static final ScriptTicket TICKET = new ScriptTicket("Task-1");

  private final MutableClock clock = new MutableClock(T0);
  private final InMemoryWorkspaces workspaces = new InMemoryWorkspaces("/octopus", clock);
  private final ByteArrayOutputStream file = new ByteArrayOutputStream();
  private int fileLines;
  private ScriptOutputReader reader = new ScriptOutputReader(workspaces, TICKET, clock);
  private OutputLog agentLines = new OutputLog();

  @BeforeEach
  void workspace() {
    workspaces.create(TICKET);
  }

  @Test
  void many_megabytes_not_yet_fetched_hold_at_most_one_answer_and_every_line_arrives_once() {
    runnerWrites(100_000); // about 9 MB
    runnerEnds(0);
    int limit = 1_000;

    List<Long> seen = new ArrayList<>();
    long cursor = 0;
    int answers = 0;
    while (true) {
      boolean ended = reader.follow(agentLines, limit).isPresent();
      assertThat(reader.linesHeld()).isLessThanOrEqualTo(limit);
      OutputBatch batch = reader.after(cursor, limit, agentLines);
      assertThat(reader.linesHeld()).isZero();
      assertThat(ended).as("the end marker is seen however much is still to fetch").isTrue();
      if (batch.lines().isEmpty()) {
        break;
      }
      batch.lines().forEach(line -> seen.add(line.sequence() / OutputSequence.STRIDE));
      cursor = batch.nextSequence();
      answers++;
    }

    assertThat(answers).isEqualTo(100);
    assertThat(seen).hasSize(100_000);
    for (int i = 0; i < seen.size(); i++) {
      assertThat(seen.get(i)).isEqualTo(i + 1L);
    }
  }

  @Test
  void each_request_opens_the_output_file_once_and_closes_it_before_answering() {
    CountingOpens counting = new CountingOpens(workspaces);
    reader = new ScriptOutputReader(counting, TICKET, clock);
    runnerWrites(30);

    long cursor = 0;
    for (int request = 1; request <= 3; request++) {
      reader.follow(agentLines, 10);
      cursor = reader.after(cursor, 10, agentLines).nextSequence();

      assertThat(counting.opened).isEqualTo(request);
      assertThat(counting.open).isZero();
    }
    // a retry the read-ahead does not cover reads again through the same single open
    reader.follow(agentLines, 10);
    assertThat(reader.after(0, 10, agentLines).lines()).hasSize(10);
    assertThat(counting.opened).isEqualTo(4);
    assertThat(counting.open).isZero();

    runnerWrites(1);
    reader.follow(agentLines, 10);
    assertThat(counting.open).isOne();
    reader.letGo();
    assertThat(counting.open).isZero();
  }

  /** Counts the output file's opens and how many are open now. */
  private static final class CountingOpens implements Workspaces {
    private final Workspaces volume;
    private int opened;
    private int open;

    CountingOpens(Workspaces volume) {
      this.volume = volume;
    }

    @Override
    public Optional<OpenedContent> open(ScriptTicket ticket, RelativePath path) {
      return volume
          .open(ticket, path)
          .map(
              file -> {
                opened++;
                open++;
                return new OpenedContent() {
                  private boolean closed;

                  @Override
                  public long length() {
                    return file.length();
                  }

                  @Override
                  public InputStream open() throws IOException {
                    return file.open();
                  }

                  @Override
                  public void close() {
                    if (!closed) {
                      closed = true;
                      open--;
                    }
                    file.close();
                  }
                };
              });
    }

    @Override
    public Optional<Content> read(ScriptTicket ticket, RelativePath path) {
      throw new AssertionError("the output file is opened once, not looked up by name again");
    }

    @Override
    public WorkspaceRef create(ScriptTicket ticket) {
      return volume.create(ticket);
    }

    @Override
    public StoredFile write(
        ScriptTicket ticket, RelativePath path, InputStream content, boolean executable) {
      return volume.write(ticket, path, content, executable);
    }

    @Override
    public List<WorkspaceSummary> list() {
      return volume.list();
    }

    @Override
    public void delete(ScriptTicket ticket) {
      volume.delete(ticket);
    }
  }

  @Test
  void refreshed_without_an_answer_the_read_ahead_is_let_go() {
    runnerWrites(5_000);
    reader.follow(agentLines, 10_000);
    assertThat(reader.linesHeld()).isEqualTo(5_000);

    reader.letGo();

    assertThat(reader.linesHeld()).isZero();
    assertThat(reader.after(0, 10_000, agentLines).lines()).hasSize(5_000);
  }

  @Test
  void a_retry_from_an_older_cursor_returns_the_same_lines_read_again_from_the_file() {
    runnerWrites(10);
    reader.follow(agentLines, 4);
    OutputBatch first = reader.after(0, 4, agentLines);
    OutputBatch second = reader.after(first.nextSequence(), 4, agentLines);
    runnerWrites(10);
    reader.follow(agentLines, 4);

    OutputBatch retriedFirst = reader.after(0, 4, agentLines);
    OutputBatch retriedSecond = reader.after(first.nextSequence(), 4, agentLines);
    OutputBatch retriedAgain = reader.after(first.nextSequence(), 4, agentLines);

    assertThat(retriedFirst).isEqualTo(first);
    assertThat(retriedSecond).isEqualTo(second);
    assertThat(retriedAgain).isEqualTo(second);
    assertThat(texts(second)).containsExactly("line 5", "line 6", "line 7", "line 8");
  }

  @Test
  void malformed_lines_and_the_agents_own_lines_keep_their_place_and_number_when_read_again() {
    runnerWrites(1);
    reader.follow(agentLines, 100);
    agentSays("Pod started");
    append("not a line of the runner\n");
    runnerWrites(1);
    reader.follow(agentLines, 100);
    agentSays("Pod event");

    OutputBatch all = reader.after(0, 100, agentLines);
    OutputBatch again = reader.after(0, 100, agentLines);
    OutputBatch afterFirst = reader.after(OutputSequence.ofScriptLine(1), 100, agentLines);

    assertThat(texts(all))
        .containsExactly(
            "line 1",
            "Pod started",
            "k8s-agent: an output line could not be read (fewer than four '|'-separated fields)",
            "line 2",
            "Pod event");
    assertThat(all.lines())
        .extracting(OutputLine::sequence)
        .containsExactly(1_000_000L, 1_000_001L, 1_000_002L, 2_000_000L, 2_000_001L);
    assertThat(again).isEqualTo(all);
    assertThat(afterFirst.lines()).isEqualTo(all.lines().subList(1, 5));
  }

  @Test
  void a_restarted_agent_resumes_exactly_after_the_servers_cursor() {
    runnerWrites(50);
    append("garbage\n");
    runnerWrites(50);
    reader.follow(agentLines, 30);
    List<OutputLine> before = new ArrayList<>();
    long cursor = 0;
    for (int i = 0; i < 2; i++) {
      OutputBatch batch = reader.after(cursor, 30, agentLines);
      before.addAll(batch.lines());
      cursor = batch.nextSequence();
    }
    OutputBatch lostInTransit = reader.after(cursor, 30, agentLines);
    runnerWrites(10);
    runnerEnds(3);

    reader = new ScriptOutputReader(workspaces, TICKET, clock);
    agentLines = new OutputLog();
    List<OutputLine> after = new ArrayList<>();
    assertThat(reader.follow(agentLines, 30)).map(end -> end.exitCode()).contains(ExitCode.of(3));
    OutputBatch resumed;
    do {
      resumed = reader.after(cursor, 30, agentLines);
      after.addAll(resumed.lines());
      cursor = resumed.nextSequence();
    } while (!resumed.lines().isEmpty());

    assertThat(after.subList(0, 30)).isEqualTo(lostInTransit.lines());
    List<String> everything = new ArrayList<>(texts(before));
    after.forEach(line -> everything.add(line.text()));
    assertThat(everything).hasSize(111).doesNotHaveDuplicates();
    assertThat(everything.get(50)).startsWith("k8s-agent: an output line could not be read");
    assertThat(everything.get(110)).isEqualTo("line 110");
  }

  @Test
  void a_line_longer_than_an_answer_goes_alone() {
    String longText = "x".repeat((int) ScriptOutputReader.MAX_CHARS_PER_BATCH);
    runnerWrites(1);
    append(ScriptOutputFormat.format(new OutputLine(2, OutputSource.STDOUT, longText, T0)) + "\n");
    fileLines = 2;
    runnerWrites(1);
    reader.follow(agentLines, 100);

    OutputBatch first = reader.after(0, 100, agentLines);
    OutputBatch second = reader.after(first.nextSequence(), 100, agentLines);
    OutputBatch third = reader.after(second.nextSequence(), 100, agentLines);

    assertThat(texts(first)).containsExactly("line 1");
    assertThat(second.lines()).extracting(OutputLine::text).containsExactly(longText);
    assertThat(texts(third)).containsExactly("line 3");
  }

  @Test
  void a_character_cut_by_the_read_buffer_and_invalid_utf8_arrive_as_decoded() {
    String header = "2026-11-24T10:00:00Z|1|stdout|";
    // line 2's 'é' starts on the last byte of the reader's first 32 KiB buffer
    String padding = "x".repeat(32 * 1024 - 1 - 2 * header.length() - 1 - "caf".length());
    append(header + padding + "\n");
    append(header.replace("|1|", "|2|") + "caf\u00e9\n");
    byte[] hostile = {(byte) 0xFF, (byte) 0xC3, 'a', 1, 27, (byte) 0xE6, (byte) 0x97};
    ByteArrayOutputStream third = new ByteArrayOutputStream();
    third.writeBytes(header.replace("|1|", "|3|").getBytes(StandardCharsets.UTF_8));
    third.writeBytes(hostile);
    third.write('\n');
    appendBytes(third.toByteArray());
    fileLines = 3;
    runnerEnds(0);

    reader.follow(agentLines, 100);
    OutputBatch batch = reader.after(0, 100, agentLines);

    assertThat(texts(batch))
        .containsExactly(padding, "caf\u00e9", new String(hostile, StandardCharsets.UTF_8));
    assertThat(texts(batch).get(2)).startsWith("\uFFFD\uFFFDa\u0001\u001b");
  }

  // ---- helpers ----

  private void agentSays(String text) {
    clock.advance(Duration.ofSeconds(1));
    long sequence =
        OutputSequence.nextAgentLine(Math.max(reader.lastSequence(), agentLines.lastSequence()));
    agentLines.append(new OutputLine(sequence, OutputSource.DEBUG, text, clock.instant()));
  }

  private void runnerWrites(int count) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < count; i++) {
      fileLines++;
      text.append(
              ScriptOutputFormat.format(
                  new OutputLine(fileLines, OutputSource.STDOUT, "line " + fileLines, T0)))
          .append('\n');
    }
    append(text.toString());
  }

  private void runnerEnds(int exitCode) {
    fileLines++;
    append(ScriptOutputFormat.formatEnd(fileLines, ExitCode.of(exitCode), T0) + "\n");
  }

  private void append(String text) {
    appendBytes(text.getBytes(StandardCharsets.UTF_8));
  }

  private void appendBytes(byte[] bytes) {
    file.writeBytes(bytes);
    workspaces.write(
        TICKET,
        RelativePath.parse("output.log"),
        new ByteArrayInputStream(file.toByteArray()),
        false);
  }

  private static List<String> texts(OutputBatch batch) {
    return batch.lines().stream().map(OutputLine::text).toList();
  }

  private static List<String> texts(List<OutputLine> lines) {
    return lines.stream().map(OutputLine::text).toList();
  }
}
