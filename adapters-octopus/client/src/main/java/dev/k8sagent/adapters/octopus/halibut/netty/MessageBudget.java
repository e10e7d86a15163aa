package dev.k8sagent.adapters.octopus.halibut.netty;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Memory shared by every connection of one client for messages being inflated and decoded: a
 * connection reserves room before it inflates more and gives it back once the message is decoded.
 * When the budget is spent the connection stops reading until another gives room back, so however
 * many connections receive large messages at once, their inflated bytes together stay within the
 * budget. The budget is never smaller than one largest message, so one message always fits.
 */
public final class MessageBudget {
  private final long total;
  private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
  private long reserved;

  /**
   * @param totalBytes the budget; raised to {@code maxMessageBytes} when smaller
   */
  public MessageBudget(long totalBytes, int maxMessageBytes) {
    this.total = Math.max(totalBytes, maxMessageBytes + 64L * 1024);
  }

  /** A budget that never runs out (one connection in a test, the simulator). */
  public static MessageBudget unlimited() {
    return new MessageBudget(Long.MAX_VALUE / 2, 0);
  }

  /**
   * Reserves {@code bytes}, or, when they are not there, keeps {@code retry} to run once some are
   * given back and returns false.
   */
  public synchronized boolean reserve(long bytes, Runnable retry) {
    if (reserved + bytes <= total) {
      reserved += bytes;
      return true;
    }
    waiting.add(retry);
    return false;
  }

  /** Gives {@code bytes} back and wakes the connections waiting for room. */
  public void release(long bytes) {
    List<Runnable> wake;
    synchronized (this) {
      reserved = Math.max(0, reserved - bytes);
      wake = new ArrayList<>(waiting);
      waiting.clear();
    }
    wake.forEach(Runnable::run);
  }

  /** Bytes reserved now, over every connection. */
  public synchronized long reserved() {
    return reserved;
  }
}
