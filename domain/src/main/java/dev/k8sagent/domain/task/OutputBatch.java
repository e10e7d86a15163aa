package dev.k8sagent.domain.task;

import java.util.List;

/**
 * The lines after a cursor, and the cursor to ask with next time: the sequence of the last line
 * returned, or the cursor that was asked with when there is nothing new.
 */
public record OutputBatch(List<OutputLine> lines, long nextSequence) {
  public OutputBatch {
    lines = List.copyOf(lines);
    if (!lines.isEmpty() && lines.get(lines.size() - 1).sequence() != nextSequence) {
      throw new IllegalArgumentException(
          "nextSequence " + nextSequence + " must be the last line's sequence");
    }
  }

  public static OutputBatch empty(long cursor) {
    return new OutputBatch(List.of(), cursor);
  }
}
