package dev.k8sagent.adapters.storage;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** Small pools of daemon helper threads for work on the volume that must not hold the caller. */
final class HelperThreads {
  private static final long IDLE_SECONDS = 60;

  private HelperThreads() {}

  /**
   * At most {@code threads} threads named {@code name}, each ending after a minute idle, and a
   * queue of {@code queued}; work beyond that is refused ({@link
   * java.util.concurrent.RejectedExecutionException}), never queued without bound.
   */
  static ThreadPoolExecutor bounded(int threads, int queued, String name) {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            IDLE_SECONDS,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(queued),
            runnable -> {
              Thread thread = new Thread(runnable, name);
              thread.setDaemon(true);
              return thread;
            },
            new ThreadPoolExecutor.AbortPolicy());
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
