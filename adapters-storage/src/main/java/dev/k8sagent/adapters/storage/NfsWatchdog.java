package dev.k8sagent.adapters.storage;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Watches the shared volume when it is served by the in-cluster NFS pod ({@code NFSWATCHDOGIMAGE}
 * is set). An NFS mount whose server went away does not fail: it hangs every read and write. So
 * each probe runs on its own thread and is given {@code timeout} to write, flush, read back and
 * remove a small file; a probe that does not return in time, or fails, makes the storage unhealthy
 * (the readiness endpoint reports it and a line is logged) instead of letting tasks hang silently.
 *
 * <p>A probe stuck in the kernel cannot be interrupted; while it is stuck no second one is started,
 * and the storage stays unhealthy, saying since when.
 */
public final class NfsWatchdog implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(NfsWatchdog.class.getName());

  /** One probe of the volume; throws when the volume misbehaves. */
  @FunctionalInterface
  public interface Probe {
    void run() throws Exception;
  }

  private final Probe probe;
  private final Duration timeout;
  private final Clock clock;
  private final ExecutorService prober =
      Executors.newSingleThreadExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "nfs-watchdog-probe");
            thread.setDaemon(true);
            return thread;
          });
  private ScheduledExecutorService schedule;
  private Future<?> inFlight;
  private Instant inFlightSince;
  private volatile StorageHealth health = new StorageHealth.Unknown();

  public NfsWatchdog(Probe probe, Duration timeout, Clock clock) {
    this.probe = Objects.requireNonNull(probe, "probe");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A watchdog that probes {@code home} by writing and reading back a small file. */
  public static NfsWatchdog forDirectory(Path home, Duration timeout, Clock clock) {
    return new NfsWatchdog(() -> writeReadRemove(home, clock), timeout, clock);
  }

  /** Starts probing every {@code interval} on a background thread. */
  public synchronized void start(Duration interval) {
    if (schedule != null) {
      return;
    }
    schedule =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "nfs-watchdog");
              thread.setDaemon(true);
              return thread;
            });
    schedule.scheduleWithFixedDelay(this::probeOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  public StorageHealth health() {
    return health;
  }

  /** Runs one probe (or checks on a stuck one) and updates {@link #health()}. */
  public synchronized StorageHealth probeOnce() {
    Instant now = clock.instant();
    if (inFlight != null && !inFlight.isDone()) {
      return become(
          new StorageHealth.Unhealthy(
              inFlightSince,
              "the shared volume has not answered a probe started at "
                  + inFlightSince
                  + "; the NFS server may be gone (stale mount)"));
    }
    inFlight =
        prober.submit(
            () -> {
              probe.run();
              return null;
            });
    inFlightSince = now;
    try {
      inFlight.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      inFlight = null;
      return become(new StorageHealth.Healthy(clock.instant()));
    } catch (TimeoutException e) {
      return become(
          new StorageHealth.Unhealthy(
              now,
              "the shared volume did not answer within "
                  + (timeout.toMillis() < 1000
                      ? timeout.toMillis() + " ms"
                      : timeout.toSeconds() + " s")
                  + "; the NFS server may be gone (stale mount)"));
    } catch (ExecutionException e) {
      inFlight = null;
      return become(
          new StorageHealth.Unhealthy(
              now, "the shared volume failed a probe: " + e.getCause().getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return health;
    }
  }

  private StorageHealth become(StorageHealth next) {
    StorageHealth previous = health;
    if (next instanceof StorageHealth.Unhealthy sick
        && !(previous instanceof StorageHealth.Unhealthy)) {
      LOG.log(Level.WARNING, "Storage unhealthy: " + sick.reason());
    } else if (next instanceof StorageHealth.Healthy
        && previous instanceof StorageHealth.Unhealthy) {
      LOG.log(Level.INFO, "Storage healthy again");
    }
    if (next instanceof StorageHealth.Unhealthy sick
        && previous instanceof StorageHealth.Unhealthy before) {
      next = new StorageHealth.Unhealthy(before.since(), sick.reason());
    }
    health = next;
    return next;
  }

  @Override
  public synchronized void close() {
    if (schedule != null) {
      schedule.shutdownNow();
    }
    prober.shutdownNow();
  }

  private static void writeReadRemove(Path home, Clock clock) throws IOException {
    Path file = home.resolve(".k8s-agent-watchdog");
    byte[] stamp = clock.instant().toString().getBytes(StandardCharsets.UTF_8);
    try (FileChannel channel =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      channel.write(ByteBuffer.wrap(stamp));
      channel.force(true);
    }
    byte[] read = Files.readAllBytes(file);
    Files.deleteIfExists(file);
    if (!Arrays.equals(read, stamp)) {
      throw new IOException("a file written to the volume read back differently");
    }
  }
}
