package dev.k8sagent.ports.in;

/**
 * Running scripts for the server: start one, report its state and the output the server has not
 * seen yet, cancel it, and clean up after it. Every call is safe to repeat: the server retries.
 */
public interface ScriptExecution {

  /**
   * Prepares the task's workspace and launches its pod. Starting a ticket that is already known
   * changes nothing and returns its current status.
   *
   * @throws RequestRefused when the command can never be run as sent (an encrypted file too large
   *     to encrypt), with the reason
   */
  ScriptStatus start(StartScript command);

  /**
   * The task's state and exactly the output lines after {@link
   * ScriptStatusQuery#lastLogSequence()}. An unknown ticket is reported Complete with {@code
   * KubernetesScriptPodNotFound} (-81) and a line explaining why.
   */
  ScriptStatus status(ScriptStatusQuery query);

  /** Stops the task; it reports Canceled (-43) once its pod is gone. Harmless when finished. */
  ScriptStatus cancel(CancelScript command);

  /**
   * Removes the task's pod and workspace (unless retention keeps them) and returns the last output.
   * Harmless for an unknown ticket.
   */
  ScriptStatus complete(CompleteScript command);
}
