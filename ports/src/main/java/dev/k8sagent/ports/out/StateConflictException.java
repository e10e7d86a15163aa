package dev.k8sagent.ports.out;

/** The stored agent state changed since it was loaded; load it again and retry. */
public class StateConflictException extends RuntimeException {
  public StateConflictException(long expected, long actual) {
    super(
        "The agent state was changed by someone else (expected revision "
            + expected
            + ", found "
            + actual
            + "); is another agent running with the same state?");
  }
}
