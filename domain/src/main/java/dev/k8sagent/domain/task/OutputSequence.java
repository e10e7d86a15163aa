package dev.k8sagent.domain.task;

/**
 * How output lines are numbered for the server, so that a restarted agent numbers every line
 * exactly as before.
 *
 * <p>A task's output mixes lines its script printed (numbered 1, 2, 3 … by the runner in the output
 * file) with lines the agent adds (pod events, waiting for the isolation mutex, cancellation).
 * Script line {@code n} is sequence {@code n × STRIDE}; lines the agent adds after script line
 * {@code n} take the numbers {@code n × STRIDE + 1}, {@code + 2}, … up to {@code STRIDE − 1} of
 * them. The output file alone therefore decides every script line's number, and a server cursor
 * stays valid across an agent restart. Numbers are not consecutive; the server does not need them
 * to be, it only hands back the last one it saw.
 */
public final class OutputSequence {
  /** Room for agent lines between two script lines. */
  public static final long STRIDE = 1_000_000L;

  private OutputSequence() {}

  /** The sequence of script output line {@code fileLine} (1-based). */
  public static long ofScriptLine(long fileLine) {
    if (fileLine < 1 || fileLine > Long.MAX_VALUE / STRIDE) {
      throw new IllegalArgumentException("Script output line number out of range: " + fileLine);
    }
    return fileLine * STRIDE;
  }

  /**
   * The sequence for an agent line that follows {@code lastSequence}, or -1 when the agent already
   * added {@code STRIDE − 1} lines since the last script line (then the line is dropped, and the
   * caller says so once).
   */
  public static long nextAgentLine(long lastSequence) {
    long next = Math.max(lastSequence, 0) + 1;
    return next % STRIDE == 0 ? -1 : next;
  }
}
