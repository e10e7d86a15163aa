package dev.k8sagent.domain.task;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of a task's output. Sequence numbers are positive and grow within a task (see {@link
 * OutputSequence}), so the server's cursor ("everything after line N") never loses or repeats a
 * line.
 */
public record OutputLine(long sequence, OutputSource source, String text, Instant occurred) {
  public OutputLine {
    if (sequence < 1) {
      throw new IllegalArgumentException(
          "Output line sequence numbers start at 1, got " + sequence);
    }
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(occurred, "occurred");
  }
}
