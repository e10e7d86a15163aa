package dev.k8sagent.domain.task;

import dev.k8sagent.domain.Require;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The server's handle for one script run. It names the task's workspace directory and its script
 * pod, so it must be safe as a file-name and a pod-name component.
 *
 * <p>Allowed: 1 to 128 characters of ASCII letters, digits, '-', '_' and '.', starting with a
 * letter or digit (so never '.' or '..'). Octopus compares tickets ignoring case; so do we, and
 * {@link #key()} gives the lower-case form used for every name derived from the ticket.
 */
public record ScriptTicket(String taskId) {
  public static final int MAX_LENGTH = 128;
  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  public ScriptTicket {
    Require.nonBlank(taskId, "Script ticket");
    if (taskId.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "Script ticket "
              + Require.quote(taskId)
              + " is longer than "
              + MAX_LENGTH
              + " characters");
    }
    if (!ALLOWED.matcher(taskId).matches()) {
      throw new IllegalArgumentException(
          "Script ticket "
              + Require.quote(taskId)
              + " may only hold letters, digits, '-', '_' and '.', and must start with a letter or"
              + " digit");
    }
  }

  /** The lower-case form: workspace directory and pod names are built from this. */
  public String key() {
    return taskId.toLowerCase(Locale.ROOT);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ScriptTicket that && taskId.equalsIgnoreCase(that.taskId);
  }

  @Override
  public int hashCode() {
    return key().hashCode();
  }

  @Override
  public String toString() {
    return taskId;
  }
}
