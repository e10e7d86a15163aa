package dev.k8sagent.ports.service;

import dev.k8sagent.domain.task.OutputBatch;
import dev.k8sagent.domain.task.OutputLine;
import dev.k8sagent.domain.task.OutputLog;
import dev.k8sagent.domain.task.OutputSequence;
import dev.k8sagent.domain.task.OutputSource;
import dev.k8sagent.domain.task.ScriptOutputFormat;
import dev.k8sagent.domain.task.ScriptOutputFormat.Parsed;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.ports.content.Content;
import dev.k8sagent.ports.content.OpenedContent;
import dev.k8sagent.ports.out.Workspaces;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads one task's output file, which stays the only copy of the script's lines: nothing read from
 * it is kept until the server acknowledges it. The reader remembers byte positions instead (where
 * the server's cursor points, where the last answer ended, how far the file has been followed) and
 * reads the lines after a cursor again from the nearest of them.
 *
 * <p>{@link #follow} reads what is new up to the end marker, so the task knows whether its script
 * ended; the lines it read stay only until the next {@link #after} (at most one status' worth), so
 * a server keeping up is answered without reading the file twice. {@link #after} merges the file's
 * lines with the agent's own lines (held in the task's {@link OutputLog}) in sequence order.
 *
 * <p>A last line still being written (no newline yet) is left for the next call. Invalid UTF-8 is
 * shown with replacement characters. A line outside the format is reported in its place as a debug
 * line, numbered like the agent's own lines: with the first number after the line before it that
 * none of the agent's lines holds, which gives it the same number however often it is read. Not
 * thread-safe: the task serialises calls.
 */
final class ScriptOutputReader {
  private static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

  /** Most characters of line text in one answer; a longer line still goes, alone. */
  static final long MAX_CHARS_PER_BATCH = 4L * 1024 * 1024;

  private static final int BUFFER_BYTES = 32 * 1024;

  /**
   * A place in the output file just after a line, with what reading up to it established: the
   * runner's last line number, the sequence of the last line shown, and its time (given to a
   * malformed line that follows, so that it reads the same each time).
   */
  private record Position(
      long offset, long lastFileLine, long lastSequence, Optional<Instant> lastOccurred) {
    static final Position START = new Position(0, 0, 0, Optional.empty());

    Position movedTo(long next) {
      return new Position(next, lastFileLine, lastSequence, lastOccurred);
    }
  }

  /** A line read, and the position after it. */
  private record Read(OutputLine line, Position after) {}

  /** Takes each line read; false when it wants no more (the line is then not taken). */
  private interface LineSink {
    boolean accept(Read read);
  }

  private final Workspaces workspaces;
  private final ScriptTicket ticket;
  private final Clock clock;
  private final ScriptOutputFormat.LineReader lineReader = new ScriptOutputFormat.LineReader();

  /** How far the file has been read; never beyond the end marker. */
  private Position followed = Position.START;

  private Optional<Parsed.End> end = Optional.empty();
  private Optional<Instant> firstSeen = Optional.empty();

  /** Where the last answer started, for the server's cursor. */
  private Position asked = Position.START;

  /** Where the last answer ended. */
  private Position answered = Position.START;

  /** The first lines the last {@link #follow} read, from {@link #readAheadFrom}; bounded. */
  private final List<Read> readAhead = new ArrayList<>();

  private Position readAheadFrom = Position.START;

  /**
   * The output file as the last {@link #follow} opened it, for the {@link #after} of the same
   * status request: one look-up and one open per request, and the lines answered come from the file
   * whose length was checked. Closed by {@link #after} or {@link #letGo}, never kept between
   * requests.
   */
  private Optional<OpenedContent> held = Optional.empty();

  ScriptOutputReader(Workspaces workspaces, ScriptTicket ticket, Clock clock) {
    this.workspaces = workspaces;
    this.ticket = ticket;
    this.clock = clock;
  }

  /**
   * Reads what the runner added since the last call, up to the end marker, keeping at most {@code
   * keep} of its lines (and {@link #MAX_CHARS_PER_BATCH} characters) for the next answer; returns
   * the end marker once it has been read.
   */
  Optional<Parsed.End> follow(OutputLog agentLines, int keep) {
    letGo();
    if (end.isPresent()) {
      return end;
    }
    Optional<OpenedContent> file = workspaces.open(ticket, BootstrapRunner.OUTPUT_FILE);
    held = file;
    if (file.isEmpty() || file.get().length() <= followed.offset()) {
      return end;
    }
    if (firstSeen.isEmpty()) {
      firstSeen = Optional.of(clock.instant());
    }
    Batch kept = new Batch(keep);
    Position reached =
        read(
            file.get(),
            followed,
            file.get().length(),
            agentLines,
            read -> {
              if (!kept.full && kept.add(read.line())) {
                readAhead.add(read);
              }
              return true; // on to the end marker, whatever is kept
            });
    readAheadFrom = followed;
    followed = reached;
    return end;
  }

  /**
   * Lets go of what the last {@link #follow} held for the answer: the lines it read and the output
   * file it opened. {@link #after} does so itself; a caller that asks for no answer calls this.
   */
  void letGo() {
    readAhead.clear();
    readAheadFrom = followed;
    held.ifPresent(OpenedContent::close);
    held = Optional.empty();
  }

  /** The sequence of the last line read from the file so far, 0 when none. */
  long lastSequence() {
    return followed.lastSequence();
  }

  /** Lines of the file held in memory now: at most one answer's worth, between follow and after. */
  int linesHeld() {
    return readAhead.size();
  }

  /**
   * The lines after {@code cursor}, up to where the file has been followed, merged with the agent's
   * own lines: at most {@code limit} of them and about {@link #MAX_CHARS_PER_BATCH} characters. The
   * agent's lines the server can no longer ask for are discarded.
   */
  OutputBatch after(long cursor, int limit, OutputLog agentLines) {
    Position start = startFor(cursor);
    asked = start;
    agentLines.discardThrough(start.lastSequence());
    Merge merge = new Merge(cursor, new Batch(limit), agentLines.after(cursor, limit).lines());
    Position at = start;
    if (start.equals(readAheadFrom)) {
      for (Read read : readAhead) {
        if (!merge.accept(read)) {
          break;
        }
        at = read.after();
      }
    }
    try {
      if (!merge.batch.full && at.offset() < followed.offset()) {
        if (held.isEmpty()) {
          held = workspaces.open(ticket, BootstrapRunner.OUTPUT_FILE);
        }
        if (held.isPresent()) {
          at = read(held.get(), at, followed.offset(), agentLines, merge);
        }
      }
    } finally {
      letGo();
    }
    merge.finish();
    List<OutputLine> lines = merge.batch.lines;
    if (lines.isEmpty()) {
      return OutputBatch.empty(cursor);
    }
    answered = at;
    return new OutputBatch(lines, lines.get(lines.size() - 1).sequence());
  }

  /** The remembered position nearest before {@code cursor}; the file's start at worst. */
  private Position startFor(long cursor) {
    Position best = Position.START;
    for (Position candidate : List.of(asked, answered, followed, readAheadFrom)) {
      long sequence = candidate.lastSequence();
      if (sequence <= cursor
          && (sequence > best.lastSequence()
              || sequence == best.lastSequence() && candidate.offset() > best.offset())) {
        best = candidate;
      }
    }
    return best;
  }

  /** Lines gathered for one answer, within its bounds; at least one line however long. */
  private static final class Batch {
    private final int limit;
    private final List<OutputLine> lines = new ArrayList<>();
    private long chars;
    private boolean full;

    Batch(int limit) {
      this.limit = limit;
    }

    boolean add(OutputLine line) {
      if (full
          || !lines.isEmpty()
              && (lines.size() >= limit || chars + line.text().length() > MAX_CHARS_PER_BATCH)) {
        full = true;
        return false;
      }
      lines.add(line);
      chars += line.text().length();
      return true;
    }
  }

  /**
   * The file's lines after the cursor merged with the agent's, in sequence order. A file line is
   * accepted once it and the agent's lines before it are in the batch, or when it is at or before
   * the cursor.
   */
  private static final class Merge implements LineSink {
    private final long cursor;
    private final Batch batch;
    private final List<OutputLine> agents;
    private int nextAgent;

    Merge(long cursor, Batch batch, List<OutputLine> agents) {
      this.cursor = cursor;
      this.batch = batch;
      this.agents = agents;
    }

    @Override
    public boolean accept(Read read) {
      OutputLine line = read.line();
      if (line.sequence() <= cursor) {
        return true;
      }
      while (nextAgent < agents.size() && agents.get(nextAgent).sequence() < line.sequence()) {
        if (!batch.add(agents.get(nextAgent))) {
          return false;
        }
        nextAgent++;
      }
      return batch.add(line);
    }

    /** Adds the agent's lines that follow the last file line. */
    void finish() {
      while (nextAgent < agents.size() && batch.add(agents.get(nextAgent))) {
        nextAgent++;
      }
    }
  }

  /**
   * Reads the complete lines from {@code from} up to byte {@code until}, numbering each and handing
   * it to {@code sink}, until the sink wants no more or the end marker; returns the position after
   * the last line taken (after the end marker when it was reached).
   */
  private Position read(
      Content file, Position from, long until, OutputLog agentLines, LineSink sink) {
    long remaining = Math.min(until, file.length()) - from.offset();
    Position at = from;
    if (remaining <= 0) {
      return at;
    }
    try (InputStream in = file.openAt(from.offset())) {
      byte[] buffer = new byte[(int) Math.min(BUFFER_BYTES, remaining)];
      byte[] carry = new byte[0];
      int carried = 0;
      long bufferOffset = from.offset();
      int count;
      while (remaining > 0
          && (count = in.read(buffer, 0, (int) Math.min(buffer.length, remaining))) != -1) {
        remaining -= count;
        int lineStart = 0;
        for (int i = indexOfNewline(buffer, 0, count);
            i >= 0;
            i = indexOfNewline(buffer, lineStart, count)) {
          byte[] lineBytes = buffer;
          int lineFrom = lineStart;
          int lineLength = i - lineStart;
          if (carried > 0) {
            carry = append(carry, carried, buffer, lineStart, lineLength);
            lineBytes = carry;
            lineFrom = 0;
            lineLength = Math.min(carried + lineLength, MAX_LINE_BYTES);
            carried = 0;
          }
          lineStart = i + 1;
          Position after = at.movedTo(bufferOffset + lineStart);
          if (lineLength == 0) {
            at = after;
            continue;
          }
          Parsed parsed =
              lineReader.parse(lineBytes, lineFrom, Math.min(lineLength, MAX_LINE_BYTES));
          if (parsed instanceof Parsed.End marker) {
            end = end.or(() -> Optional.of(marker));
            return after;
          }
          Optional<Read> shown = number(parsed, after, agentLines);
          if (shown.isEmpty()) {
            at = after;
          } else if (sink.accept(shown.get())) {
            at = shown.get().after();
          } else {
            return at;
          }
        }
        if (lineStart < count) {
          carry = append(carry, carried, buffer, lineStart, count - lineStart);
          carried = Math.min(carried + count - lineStart, MAX_LINE_BYTES);
        }
        bufferOffset += count;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Reading the output of task " + ticket + " failed: " + e.getMessage(), e);
    }
    return at;
  }

  /**
   * The line to show for a parsed file line, numbered, with the position after it; empty for a line
   * shown already (the runner repeated a number) or a malformed line with no number left.
   */
  private Optional<Read> number(Parsed parsed, Position after, OutputLog agentLines) {
    if (parsed instanceof Parsed.Line line) {
      OutputLine numbered = line.line();
      if (numbered.sequence() <= after.lastFileLine()) {
        return Optional.empty();
      }
      long sequence = OutputSequence.ofScriptLine(numbered.sequence());
      return Optional.of(
          new Read(
              new OutputLine(sequence, numbered.source(), numbered.text(), numbered.occurred()),
              new Position(
                  after.offset(),
                  numbered.sequence(),
                  sequence,
                  Optional.of(numbered.occurred()))));
    }
    Parsed.Malformed malformed = (Parsed.Malformed) parsed;
    long sequence = OutputSequence.nextAgentLine(after.lastSequence());
    while (sequence > 0 && agentLines.holds(sequence)) {
      sequence = OutputSequence.nextAgentLine(sequence);
    }
    if (sequence < 0) {
      return Optional.empty(); // a million lines since the last script line: not worth showing
    }
    return Optional.of(
        new Read(
            new OutputLine(
                sequence,
                OutputSource.DEBUG,
                "k8s-agent: an output line could not be read (" + malformed.reason() + ")",
                after.lastOccurred().or(() -> firstSeen).orElseThrow()),
            new Position(after.offset(), after.lastFileLine(), sequence, after.lastOccurred())));
  }

  private static byte[] append(byte[] carry, int carried, byte[] bytes, int from, int count) {
    int keep = Math.min(count, MAX_LINE_BYTES - carried);
    if (keep <= 0) {
      return carry;
    }
    byte[] grown =
        carry.length >= carried + keep
            ? carry
            : Arrays.copyOf(
                carry, Math.max(carried + keep, Math.min(carry.length * 2, MAX_LINE_BYTES)));
    System.arraycopy(bytes, from, grown, carried, keep);
    return grown;
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long NEWLINES = ONES * '\n';

  /**
   * The index of the first newline in {@code bytes[from, to)}, or -1: eight bytes at a time (a
   * newline is the one byte of a word that XORs to zero), the tail byte by byte.
   */
  static int indexOfNewline(byte[] bytes, int from, int to) {
    int i = from;
    for (; i + Long.BYTES <= to; i += Long.BYTES) {
      long word = (long) LONGS.get(bytes, i) ^ NEWLINES;
      long zeros = (word - ONES) & ~word & HIGHS;
      if (zeros != 0) {
        return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
