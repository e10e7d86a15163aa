package dev.k8sagent.adapters.storage;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Flushes a file to disk while the rest of it is still being written, so that forcing it at the end
 * waits only for the last few MiB. Without this a large upload is received into the page cache at
 * network speed and then the whole file is written to disk in one go, with the connection idle
 * meanwhile: the two add up instead of overlapping.
 *
 * <p>After every {@link #EVERY} bytes written, a flush ({@code fdatasync}) of what is there so far
 * starts on a helper thread, unless the one before is still running. Bounded: at most {@link
 * #HELPERS} helper threads, shared by every file being written, ending after a minute idle; a flush
 * that finds them all busy and their small queue full is simply skipped, as the final force covers
 * it. A failed early flush fails the write at its next step.
 */
final class EarlyFlush {
  /** Bytes written between early flushes. */
  static final long EVERY = 32L * 1024 * 1024;

  private static final int HELPERS = 2;
  private static final int QUEUED = 16;

  /** How long the final step waits for an early flush still running. */
  private static final long WAIT_MINUTES = 10;

  private static final ThreadPoolExecutor HELPER_POOL =
      HelperThreads.bounded(HELPERS, QUEUED, "file-flush");

  private final FileChannel file;
  private final String what;
  private long unflushed;
  private CompletableFuture<Void> running;

  /**
   * @param what the file as error messages name it
   */
  EarlyFlush(FileChannel file, String what) {
    this.file = file;
    this.what = what;
  }

  /** {@code bytes} more were written; starts a flush when enough have gathered since the last. */
  void written(long bytes) throws IOException {
    unflushed += bytes;
    if (unflushed < EVERY) {
      return;
    }
    if (running != null) {
      if (!running.isDone()) {
        return;
      }
      awaitRunning(); // done: reports its failure, if any
    }
    unflushed = 0;
    CompletableFuture<Void> flush = new CompletableFuture<>();
    try {
      HELPER_POOL.execute(
          () -> {
            try {
              file.force(false);
              flush.complete(null);
            } catch (IOException | RuntimeException e) {
              flush.completeExceptionally(e);
            }
          });
      running = flush;
    } catch (RejectedExecutionException busy) {
      running = null; // the final force covers what this flush would have
    }
  }

  /** Waits for an early flush still running, then forces the whole file and its size to disk. */
  void finish() throws IOException {
    if (running != null) {
      awaitRunning();
    }
    file.force(true);
  }

  private void awaitRunning() throws IOException {
    CompletableFuture<Void> flush = running;
    running = null;
    try {
      flush.get(WAIT_MINUTES, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while " + what + " was flushed to disk");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new IOException(
          "Flushing " + what + " to disk failed: " + cause.getMessage(),
          cause instanceof IOException ? cause : e);
    } catch (TimeoutException e) {
      throw new IOException(
          "Flushing " + what + " to disk took more than " + WAIT_MINUTES + " minutes", e);
    }
  }
}
