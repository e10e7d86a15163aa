package dev.k8sagent.adapters.octopus.halibut.netty;

import dev.k8sagent.adapters.octopus.halibut.bson.NetGuid;
import dev.k8sagent.adapters.octopus.halibut.message.DataStreamRef;
import dev.k8sagent.ports.content.Content;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The data streams of one request, handed to the use case while they arrive, so an upload goes from
 * the socket to its destination without a copy on disk in between. The use case runs as soon as the
 * request is read; each stream it opens is fed through a small queue, and the connection stops
 * reading while that queue is full ({@value #HIGH_WATER} bytes), so memory stays bounded however
 * large the stream. The queue holds the buffers the socket was read into, not copies: {@link
 * Content#transferTo} hands them to the use case's channel as they are, and a stream read through
 * {@link Content#open()} copies each once. Bytes of a stream that nobody has opened yet go to a
 * temporary file and are read from there first. A stream can be read once; what the use case leaves
 * unread is dropped when it returns.
 */
final class IncomingStreams implements AutoCloseable {
  static final int HIGH_WATER = 1024 * 1024;
  static final int LOW_WATER = 256 * 1024;

  /**
   * How much a transfer waiting for bytes lets gather before it is woken (or the stream's end,
   * whichever comes first). Woken for every TLS record (16 KiB), a reader that keeps up costs the
   * event loop a futex wake per record (an eighth of its samples in a profiled upload) and itself a
   * sleep, a wake and a small write each; now it takes eight records or more at once, in one
   * gathering write. Below {@link #HIGH_WATER}, so a queue that pauses the connection has always
   * woken its reader.
   */
  static final int WAKE_BYTES = 128 * 1024;

  private final Channel channel;
  private final Path spillDirectory;
  private final Map<NetGuid, Incoming> streams = new LinkedHashMap<>();
  private final AtomicBoolean paused = new AtomicBoolean();

  IncomingStreams(Channel channel, Path spillDirectory, List<DataStreamRef> refs) {
    this.channel = channel;
    this.spillDirectory = spillDirectory;
    for (DataStreamRef ref : refs) {
      streams.put(ref.id(), new Incoming(ref.id(), ref.length()));
    }
  }

  /** What the use case reads, by stream id. */
  Map<NetGuid, Content> contents() {
    return java.util.Collections.unmodifiableMap(streams);
  }

  /** Some bytes of stream {@code id}; called on the event loop. The caller keeps ownership. */
  void append(NetGuid id, ByteBuf bytes) {
    Incoming stream = streams.get(id);
    if (stream != null && bytes.isReadable()) {
      stream.append(bytes);
    }
  }

  /** Stream {@code id} arrived whole. */
  void end(NetGuid id) {
    Incoming stream = streams.get(id);
    if (stream != null) {
      stream.end();
    }
  }

  /** Readers of stream {@code id} waiting for bytes now. */
  int waiting(NetGuid id) {
    return streams.get(id).waiting();
  }

  /** How often a reader of stream {@code id} was woken because bytes or its end came. */
  int wakeUps(NetGuid id) {
    return streams.get(id).wakeUps();
  }

  /** The use case has returned: whatever it did not read is dropped as it arrives. */
  void abandonUnread() {
    streams.values().forEach(Incoming::abandon);
  }

  /** Stream {@code id} is refused: its reader gets an error naming why, and nothing is kept. */
  void fail(NetGuid id, String reason) {
    Incoming stream = streams.get(id);
    if (stream != null) {
      stream.fail(reason);
    }
  }

  /** The connection is gone: a reader still waiting gets an error, not a short stream. */
  void fail(String reason) {
    streams.values().forEach(stream -> stream.fail(reason));
  }

  @Override
  public void close() {
    abandonUnread();
  }

  private void pause() {
    if (paused.compareAndSet(false, true)) {
      channel.config().setAutoRead(false);
    }
  }

  private void resume() {
    if (paused.compareAndSet(true, false)) {
      channel.config().setAutoRead(true);
    }
  }

  /** One stream: a queue once a reader is attached, a temporary file before that. */
  private final class Incoming implements Content {
    private final NetGuid id;
    private final long length;
    private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
    private long queued;
    private boolean opened;
    private boolean ended;
    private boolean abandoned;
    private String failure;
    private Path spill;
    private FileChannel spillOut;
    private long spilled;
    private int waiting;
    private int wakeUps;

    Incoming(NetGuid id, long length) {
      this.id = id;
      this.length = length;
    }

    @Override
    public long length() {
      return length;
    }

    synchronized void append(ByteBuf bytes) {
      if (abandoned || ended) {
        return;
      }
      if (opened) {
        queued += bytes.readableBytes();
        queue.add(bytes.retainedSlice());
        if (queued >= WAKE_BYTES) {
          wakeReader(); // a transfer waits for a batch, a read for any byte: both may go now
        }
        if (queued > HIGH_WATER) {
          pause();
        }
        return;
      }
      try {
        if (spillOut == null) {
          Files.createDirectories(spillDirectory);
          spill = Files.createTempFile(spillDirectory, "halibut-stream-", ".tmp");
          spillOut = FileChannel.open(spill, StandardOpenOption.WRITE);
        }
        ByteBuffer buffer = bytes.nioBuffer();
        while (buffer.hasRemaining()) {
          spilled += spillOut.write(buffer);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Cannot hold data stream " + id + " in " + spillDirectory + ": " + e.getMessage(), e);
      }
    }

    synchronized void end() {
      ended = true;
      closeSpillOut();
      wakeReader();
    }

    synchronized void fail(String reason) {
      if (!ended) { // an ended stream can still be read to its end
        failure = reason;
        abandon();
      }
    }

    synchronized void abandon() {
      abandoned = true;
      releaseQueued();
      queued = 0;
      closeSpillOut();
      deleteSpill();
      wakeReader();
      resume();
    }

    @Override
    public long transferTo(WritableByteChannel target) throws IOException {
      try (Reader reader = (Reader) open()) {
        return reader.transferTo(target);
      }
    }

    @Override
    public synchronized InputStream open() throws IOException {
      if (opened) {
        throw new IOException("Data stream " + id + " from the server can be read only once");
      }
      if (abandoned) {
        throw new IOException(
            failure != null ? failure : "Data stream " + id + " is no longer available");
      }
      opened = true;
      FileChannel early = null;
      if (spill != null) {
        early = FileChannel.open(spill, StandardOpenOption.READ);
      }
      return new Reader(early, spilled);
    }

    /** Wakes the reader if it waits; counted, so a test can tell a batch from a trickle. */
    private void wakeReader() {
      if (waiting > 0) {
        wakeUps++;
        notifyAll();
      }
    }

    synchronized int waiting() {
      return waiting;
    }

    synchronized int wakeUps() {
      return wakeUps;
    }

    private void releaseQueued() {
      for (ByteBuf bytes; (bytes = queue.poll()) != null; ) {
        bytes.release();
      }
    }

    private void closeSpillOut() {
      if (spillOut != null) {
        try {
          spillOut.close();
        } catch (IOException ignored) {
          // the bytes written are already in the file; only the handle is lost
        }
        spillOut = null;
      }
    }

    private void deleteSpill() {
      if (spill != null) {
        try {
          Files.deleteIfExists(spill);
        } catch (IOException ignored) {
          // a leftover file goes with the spool directory, when the agent stops or at its next
          // start
        }
      }
    }

    /** Reads what was spilled before the stream was opened, then the queue. */
    private final class Reader extends InputStream {
      private FileChannel early;
      private long earlyLeft;
      private ByteBuf head;
      private boolean closed;

      Reader(FileChannel early, long earlyBytes) {
        this.early = early;
        this.earlyLeft = early == null ? 0 : earlyBytes;
      }

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] into, int offset, int count) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, count, into.length);
        if (count == 0) {
          return 0;
        }
        checkOpen();
        if (earlyLeft > 0) {
          int n = early.read(ByteBuffer.wrap(into, offset, (int) Math.min(count, earlyLeft)));
          if (n < 0) {
            throw heldPartShort();
          }
          earlyLeft -= n;
          if (earlyLeft == 0) {
            closeEarly();
          }
          return n;
        }
        if (head == null) {
          List<ByteBuf> next = take(false);
          if (next.isEmpty()) {
            return -1;
          }
          head = next.get(0);
        }
        int n = Math.min(count, head.readableBytes());
        head.readBytes(into, offset, n);
        if (!head.isReadable()) {
          head.release();
          head = null;
        }
        return n;
      }

      /**
       * Writes the rest of the stream to {@code target}: the held part from its file, then each
       * batch of queued buffers as it is, in one gathering write where {@code target} takes one.
       */
      long transferTo(WritableByteChannel target) throws IOException {
        checkOpen();
        long moved = 0;
        while (earlyLeft > 0) {
          long n = early.transferTo(early.position(), earlyLeft, target);
          if (n <= 0) {
            throw heldPartShort();
          }
          early.position(early.position() + n);
          earlyLeft -= n;
          moved += n;
        }
        closeEarly();
        if (head != null) {
          moved += write(List.of(head), target);
          head = null;
        }
        for (List<ByteBuf> batch; !(batch = take(true)).isEmpty(); ) {
          moved += write(batch, target);
        }
        return moved;
      }

      /** Writes {@code batch} whole and releases it, written or not. */
      private long write(List<ByteBuf> batch, WritableByteChannel target) throws IOException {
        try {
          List<ByteBuffer> buffers = new ArrayList<>(batch.size());
          long total = 0;
          for (ByteBuf bytes : batch) {
            total += bytes.readableBytes();
            buffers.addAll(Arrays.asList(bytes.nioBuffers()));
          }
          if (target instanceof GatheringByteChannel gathering) {
            ByteBuffer[] all = buffers.toArray(new ByteBuffer[0]);
            for (long left = total; left > 0; ) {
              left -= gathering.write(all);
            }
          } else {
            for (ByteBuffer buffer : buffers) {
              while (buffer.hasRemaining()) {
                target.write(buffer);
              }
            }
          }
          return total;
        } finally {
          batch.forEach(ByteBuf::release);
        }
      }

      private void checkOpen() throws IOException {
        if (closed) {
          throw new IOException("Data stream " + id + " is closed");
        }
      }

      private IOException heldPartShort() {
        return new IOException("The held part of data stream " + id + " is shorter than written");
      }

      /**
       * The next queued buffers, waiting for some; all of them when {@code all} (then waiting for
       * {@link #WAKE_BYTES} of them unless the stream ends first), else one. Empty at the stream's
       * end. The caller releases what it gets.
       */
      private List<ByteBuf> take(boolean all) throws IOException {
        synchronized (Incoming.this) {
          while ((all ? queued < WAKE_BYTES : queue.isEmpty())
              && !ended
              && failure == null
              && !abandoned) {
            waiting++;
            try {
              Incoming.this.wait();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new java.io.InterruptedIOException("Interrupted reading data stream " + id);
            } finally {
              waiting--;
            }
          }
          if (failure != null) {
            throw new IOException(failure);
          }
          if (queue.isEmpty()) {
            if (abandoned && !ended) {
              throw new IOException("Data stream " + id + " was abandoned before its end");
            }
            return List.of();
          }
          List<ByteBuf> next = new ArrayList<>(all ? queue.size() : 1);
          do {
            ByteBuf bytes = queue.poll();
            queued -= bytes.readableBytes();
            next.add(bytes);
          } while (all && !queue.isEmpty());
          if (queued < LOW_WATER) {
            resume();
          }
          return next;
        }
      }

      @Override
      public void close() {
        if (closed) {
          return;
        }
        closed = true;
        closeEarly();
        if (head != null) {
          head.release();
          head = null;
        }
        synchronized (Incoming.this) {
          if (!ended || !queue.isEmpty()) {
            abandon();
          }
        }
      }

      private void closeEarly() {
        if (early != null) {
          try {
            early.close();
          } catch (IOException ignored) {
            // read-only handle
          }
          early = null;
          synchronized (Incoming.this) {
            deleteSpill();
          }
        }
      }
    }
  }
}
