package dev.k8sagent.adapters.storage;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.ClosedDirectoryStreamException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Opens a file for reading through a held directory, on a helper thread, waiting at most {@link
 * #WAIT}. A script can rename a FIFO over a file between the agent's check that the name is a
 * regular file and its open; {@code open(2)} of a FIFO for reading then blocks until a writer
 * comes, and Java cannot open with {@code O_NONBLOCK}. Without this the thread answering the server
 * would block for as long as the script liked, holding its task. Here the caller gets an error
 * naming the file instead, and the name is opened once for reading and writing, which on a FIFO
 * never blocks and counts as the writer the blocked open waits for, so the helper is released too.
 *
 * <p>The helper owns the directory once it has the open: it closes the directory when its open
 * returns, because closing a directory stream waits for an open in progress through it. Bounded: at
 * most {@link #HELPERS} helpers ending after a minute idle, and a short queue. A FIFO the agent may
 * not write (its owner's mode forbids it) cannot be released and keeps its helper until a writer
 * comes; while every helper is kept so, opens wait their time in the queue and fail, or fail at
 * once when the queue is full, each with an error naming the file, never blocking.
 */
final class TimedOpen {
  /**
   * Long enough for the volume's server to come back from a restart (an NFS pod is rescheduled in
   * seconds), short enough that a status request stuck on a FIFO ends well within the server's own
   * limits.
   */
  static final Duration WAIT = Duration.ofSeconds(30);

  static final int HELPERS = 32;
  private static final int QUEUED = 32;

  private static final ThreadPoolExecutor HELPER_POOL =
      HelperThreads.bounded(HELPERS, QUEUED, "volume-open");

  private static final int RELEASE_ATTEMPTS = 100;
  private static final Duration RELEASE_PAUSE = Duration.ofMillis(100);

  /** Releases run apart from the opens, which may all be blocked. */
  private static final ThreadPoolExecutor RELEASE_POOL =
      HelperThreads.bounded(2, QUEUED, "volume-open-release");

  private TimedOpen() {}

  /**
   * Opens {@code name} in {@code directory} for reading without following a link, and closes {@code
   * directory} (now or when the open returns).
   *
   * @param what the file as error messages name it
   * @throws java.nio.file.NoSuchFileException when it is gone, as the open reports it
   * @throws IOException naming {@code what} when it does not open within {@code wait}
   */
  static FileChannel open(
      SecureDirectoryStream<Path> directory, Path name, String what, Duration wait)
      throws IOException {
    CompletableFuture<FileChannel> opened = new CompletableFuture<>();
    CompletableFuture<Void> returned = new CompletableFuture<>();
    try {
      HELPER_POOL.execute(
          () -> {
            try {
              if (opened.isDone()) {
                return; // waited in the queue longer than the caller did: nobody wants it now
              }
              FileChannel channel =
                  (FileChannel)
                      directory.newByteChannel(
                          name, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
              if (!opened.complete(channel)) {
                VolumeFiles.closeQuietly(channel); // the caller stopped waiting
              }
            } catch (IOException | RuntimeException e) {
              opened.completeExceptionally(e);
            } finally {
              VolumeFiles.closeQuietly(directory);
              returned.complete(null);
            }
          });
    } catch (RejectedExecutionException busy) {
      VolumeFiles.closeQuietly(directory);
      throw new IOException(
          "Not opening "
              + what
              + ": "
              + HELPERS
              + " opens on the volume are already waiting (the volume does not answer, or files a"
              + " script replaced with FIFOs)");
    }
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return opened.get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          interrupted = true; // the open is short or never returns: stop waiting either way
          wait = Duration.ZERO;
        } catch (TimeoutException e) {
          if (!opened.completeExceptionally(e)) {
            continue; // opened just now
          }
          release(directory, name, returned);
          if (interrupted) {
            throw new InterruptedIOException("Interrupted while " + what + " was opened");
          }
          throw new IOException(
              what
                  + " did not open within "
                  + wait.toMillis() / 1000.0
                  + " s: it is no longer the regular file it was a moment before (a FIFO?), or"
                  + " the volume does not answer");
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof IOException io) {
            throw io;
          }
          if (cause instanceof RuntimeException runtime) {
            throw runtime;
          }
          throw new IOException("Opening " + what + " failed: " + cause, cause);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Helpers taken now, by an open in progress or one waiting for a writer. */
  static int busyHelpers() {
    return HELPER_POOL.getActiveCount();
  }

  /**
   * Opens {@code name} for reading and writing and closes it again until the helper's open has
   * returned ({@code returned}): a FIFO's blocked reader then has its writer. Such an open never
   * blocks on a FIFO, changes nothing in a regular file, and fails where the agent may not write,
   * which ends the attempts. It is repeated because the helper may not have reached its own open
   * yet when the caller gives up; a helper that starts after that does not open at all.
   */
  private static void release(
      SecureDirectoryStream<Path> directory, Path name, CompletableFuture<Void> returned) {
    try {
      RELEASE_POOL.execute(
          () -> {
            for (int attempt = 0; attempt < RELEASE_ATTEMPTS && !returned.isDone(); attempt++) {
              try (var channel =
                  directory.newByteChannel(
                      name,
                      Set.of(
                          StandardOpenOption.READ,
                          StandardOpenOption.WRITE,
                          LinkOption.NOFOLLOW_LINKS))) {
                // opened and closed: that is all a blocked reader of a FIFO needs
              } catch (AccessDeniedException | ClosedDirectoryStreamException done) {
                return; // not ours to write, or the helper is done and closed the directory
              } catch (IOException | RuntimeException ignored) {
                // gone or replaced again: look once more after the pause
              }
              try {
                returned.get(RELEASE_PAUSE.toMillis(), TimeUnit.MILLISECONDS);
              } catch (TimeoutException notYet) {
                // the helper is still in its open: once more
              } catch (InterruptedException | ExecutionException e) {
                return;
              }
            }
          });
    } catch (RejectedExecutionException busy) {
      // too many releases waiting: the open stays blocked until a writer comes
    }
  }
}
