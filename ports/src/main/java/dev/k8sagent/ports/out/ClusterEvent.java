package dev.k8sagent.ports.out;

import java.util.Objects;

/**
 * Something an operator should see in {@code kubectl describe} and {@code kubectl get events}: what
 * happened, to which object, in a sentence. Two occurrences with the same subject, reason and note
 * are the same series.
 *
 * @param subject the object the event is about
 * @param reason what happened
 * @param note the sentence shown; control characters become spaces, and it is cut to {@link
 *     #MAX_NOTE} characters (the API server's limit)
 */
public record ClusterEvent(EventSubject subject, EventReason reason, String note) {
  /** The longest note the API server accepts (events.k8s.io/v1 {@code note}). */
  public static final int MAX_NOTE = 1024;

  public ClusterEvent {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(note, "note");
    note = note.replaceAll("\\p{Cntrl}", " ");
    if (note.length() > MAX_NOTE) {
      note = note.substring(0, MAX_NOTE - 1) + "…";
    }
  }
}
