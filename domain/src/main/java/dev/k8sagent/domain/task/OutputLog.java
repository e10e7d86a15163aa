package dev.k8sagent.domain.task;

import java.util.ArrayList;
import java.util.List;

/**
 * Output lines held in memory until the server has them, and the cursor rule the server relies on:
 * {@link #after(long, int)} returns exactly the lines numbered after the cursor, in order. A task
 * keeps only the agent's own lines here (pod events, mutex waits, cancellation): the script's lines
 * stay in the output file and are read again from there when needed, so memory does not grow with
 * output the server has not fetched yet.
 *
 * <p>Sequence numbers only grow. They need not be consecutive (see {@link OutputSequence}: script
 * lines and the agent's own lines are numbered in separate ranges, so that numbers stay the same
 * after an agent restart). A line numbered at or below the newest one is ignored: it must not be
 * shown twice.
 *
 * <p>Thread-safe: one writer appends while status requests read.
 */
public final class OutputLog {
  private final List<OutputLine> lines = new ArrayList<>();
  private int head;
  private long lastSequence;

  /** What {@link #append(OutputLine)} did with a line. */
  public enum Appended {
    ADDED,
    ALREADY_PRESENT
  }

  public synchronized Appended append(OutputLine line) {
    if (line.sequence() <= lastSequence) {
      return Appended.ALREADY_PRESENT;
    }
    lines.add(line);
    lastSequence = line.sequence();
    return Appended.ADDED;
  }

  /** The sequence number of the newest line ever appended, 0 when there is none. */
  public synchronized long lastSequence() {
    return lastSequence;
  }

  /**
   * True when a line numbered {@code sequence} is held: the numbers of the agent's own lines are
   * taken, so a line read from the output file between them gets the next free one.
   */
  public synchronized boolean holds(long sequence) {
    int index = firstIndexAfter(sequence - 1);
    return index < lines.size() && lines.get(index).sequence() == sequence;
  }

  /** Lines held (appended and not discarded). */
  public synchronized int size() {
    return lines.size() - head;
  }

  /**
   * Forgets the lines at or below {@code cursor}: the server has them, and asks only for what
   * follows the cursor it holds, so they need not stay in memory. {@link #lastSequence()} is
   * unchanged.
   */
  public synchronized void discardThrough(long cursor) {
    head = firstIndexAfter(cursor);
    if (head > 1024 && head > lines.size() / 2) {
      lines.subList(0, head).clear();
      head = 0;
    }
  }

  /**
   * The lines after {@code cursor}, at most {@code limit} of them, and the cursor for next time. A
   * cursor at or beyond the newest line gets nothing and keeps its place.
   */
  public synchronized OutputBatch after(long cursor, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    int start = firstIndexAfter(cursor);
    if (start >= lines.size()) {
      return OutputBatch.empty(cursor);
    }
    int end = Math.min(lines.size(), start + limit);
    List<OutputLine> slice = List.copyOf(lines.subList(start, end));
    return new OutputBatch(slice, slice.get(slice.size() - 1).sequence());
  }

  private int firstIndexAfter(long cursor) {
    int low = head;
    int high = lines.size();
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (lines.get(middle).sequence() <= cursor) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }
}
