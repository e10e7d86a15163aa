package dev.k8sagent.adapters.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EarlyFlushTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void a_file_smaller_than_the_interval_is_forced_once_at_the_end_with_its_metadata()
      throws Exception {
    RecordingChannel file = new RecordingChannel();
    EarlyFlush flush = new EarlyFlush(file, "Files/small.bin");

    flush.written(EarlyFlush.EVERY - 1);
    flush.finish();

    assertThat(file.forces).containsExactly("force(true)");
  }

  @Test
  void a_flush_starts_while_writing_goes_on_and_the_end_waits_for_it_before_forcing()
      throws Exception {
    RecordingChannel file = new RecordingChannel();
    file.holdEarlyFlushes();
    EarlyFlush flush = new EarlyFlush(file, "Files/big.bin");

    flush.written(EarlyFlush.EVERY);
    await().atMost(WAIT).until(() -> file.forces.contains("force(false)"));
    flush.written(3 * EarlyFlush.EVERY); // the first is still running: no second one meanwhile
    assertThat(file.forces).containsExactly("force(false)");

    Thread finishing =
        new Thread(
            () -> {
              try {
                flush.finish();
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
    finishing.start();
    await()
        .atMost(WAIT)
        .until(
            () ->
                finishing.getState() == Thread.State.WAITING
                    || finishing.getState() == Thread.State.TIMED_WAITING);
    assertThat(file.forces).containsExactly("force(false)");

    file.releaseEarlyFlushes();
    finishing.join(WAIT.toMillis());
    assertThat(finishing.isAlive()).isFalse();
    assertThat(file.forces).containsExactly("force(false)", "force(true)");
  }

  @Test
  void a_failed_early_flush_fails_the_write_and_names_the_file() throws Exception {
    RecordingChannel file = new RecordingChannel();
    file.failEarlyFlushes();
    EarlyFlush flush = new EarlyFlush(file, "Files/package.nupkg");

    flush.written(EarlyFlush.EVERY);
    await().atMost(WAIT).until(() -> file.forces.contains("force(false)"));

    assertThatThrownBy(flush::finish)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Flushing Files/package.nupkg to disk failed")
        .hasMessageContaining("No space left on device");
    assertThat(file.forces).doesNotContain("force(true)");
  }

  /** A channel that records each force; writes and reads are never made through it. */
  private static final class RecordingChannel extends FileChannel {
    final List<String> forces = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch held = new CountDownLatch(0);
    private volatile boolean failing;

    void holdEarlyFlushes() {
      held = new CountDownLatch(1);
    }

    void releaseEarlyFlushes() {
      held.countDown();
    }

    void failEarlyFlushes() {
      failing = true;
    }

    @Override
    public void force(boolean metaData) throws IOException {
      forces.add("force(" + metaData + ")");
      if (!metaData) {
        try {
          if (!held.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IOException("the test never released the flush");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
        if (failing) {
          throw new IOException("No space left on device");
        }
      }
    }

    @Override
    public int read(ByteBuffer dst) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int write(ByteBuffer src) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long position() {
      return 0;
    }

    @Override
    public FileChannel position(long newPosition) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long size() {
      return 0;
    }

    @Override
    public FileChannel truncate(long size) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int read(ByteBuffer dst, long position) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int write(ByteBuffer src, long position) {
      throw new UnsupportedOperationException();
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) {
      throw new UnsupportedOperationException();
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) {
      throw new UnsupportedOperationException();
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) {
      throw new UnsupportedOperationException();
    }

    @Override
    protected void implCloseChannel() {}
  }
}
