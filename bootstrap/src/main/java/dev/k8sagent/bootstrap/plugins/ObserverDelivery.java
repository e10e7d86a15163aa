package dev.k8sagent.bootstrap.plugins;

import java.lang.System.Logger.Level;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells the task observers on one daemon thread of its own, so a task's thread only puts an event
 * in a bounded queue and goes on. Each observer call is still time-limited by {@link
 * ExtensionCalls}; an observer whose earlier call has not returned yet is skipped. When the queue
 * is full (observers slower than tasks end) the new event is dropped, counted, and the agent's log
 * says so on the first drop and every hundredth after: the tasks never wait for observers.
 */
final class ObserverDelivery implements AutoCloseable {
  static final int CAPACITY = 1_000;
  private static final System.Logger LOG = System.getLogger(ObserverDelivery.class.getName());

  private final BlockingQueue<Runnable> events = new ArrayBlockingQueue<>(CAPACITY);
  private final AtomicLong dropped = new AtomicLong();
  private final Thread thread;

  ObserverDelivery() {
    thread = new Thread(this::deliver, "plugin-task-observers");
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues {@code event} for delivery; returns at once. */
  void offer(Runnable event) {
    if (!events.offer(event)) {
      long count = dropped.incrementAndGet();
      if (count == 1 || count % 100 == 0) {
        LOG.log(
            Level.WARNING,
            "Task observers are "
                + CAPACITY
                + " events behind; "
                + count
                + " event(s) dropped so far. A task observer plugin is too slow: check the"
                + " plugins' failures in /metrics");
      }
    }
  }

  /** Events dropped because the queue was full. */
  long dropped() {
    return dropped.get();
  }

  private void deliver() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Runnable event = events.take();
        try {
          event.run();
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "Telling the task observers failed: " + e.getMessage(), e);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops delivering; events still queued are not delivered. */
  @Override
  public void close() {
    thread.interrupt();
    events.clear();
  }
}
