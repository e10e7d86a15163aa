package dev.k8sagent.domain.task;

import java.util.ArrayList;
import java.util.List;

/**
 * The append-only output of one task, and the cursor rule the server relies on: {@link #after(long,
 * int)} returns exactly the lines numbered after the cursor, in order.
 *
 * <p>Lines must arrive numbered 1, 2, 3, … A line whose number was already appended is ignored (a
 * re-read file or a restarted runner repeats lines; they are not shown twice); a line that would
 * leave a gap is refused, because the cursor could never report the missing one.
 *
 * <p>Thread-safe: one writer appends while status requests read.
 */
public final class OutputLog {
  private final List<OutputLine> lines = new ArrayList<>();

  /** What {@link #append(OutputLine)} did with a line. */
  public enum Appended {
    ADDED,
    ALREADY_PRESENT
  }

  public synchronized Appended append(OutputLine line) {
    long expected = lines.size() + 1L;
    if (line.sequence() < expected) {
      return Appended.ALREADY_PRESENT;
    }
    if (line.sequence() > expected) {
      throw new IllegalArgumentException(
          "Output line "
              + line.sequence()
              + " would leave a gap: the next line must be "
              + expected);
    }
    lines.add(line);
    return Appended.ADDED;
  }

  /** The sequence number of the newest line, 0 when there is none. */
  public synchronized long lastSequence() {
    return lines.size();
  }

  /**
   * The lines after {@code cursor}, at most {@code limit} of them. A cursor beyond the end (a
   * server that saw lines this agent no longer has, after a restart) gets nothing and keeps its
   * cursor; a negative cursor is treated as 0.
   */
  public synchronized OutputBatch after(long cursor, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    long from = Math.max(cursor, 0);
    if (from >= lines.size()) {
      return OutputBatch.empty(cursor);
    }
    int start = (int) from;
    int end = (int) Math.min(lines.size(), from + limit);
    List<OutputLine> slice = List.copyOf(lines.subList(start, end));
    return new OutputBatch(slice, slice.get(slice.size() - 1).sequence());
  }
}
