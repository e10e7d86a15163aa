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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The data streams of one request, handed to the use case while they arrive, so an upload goes from
 * the socket to its destination without a copy on disk in between. The use case runs as soon as the
 * request is read; each stream it opens is fed through a small queue, and the connection stops
 * reading while that queue is full ({@value #HIGH_WATER} bytes), so memory stays bounded however
 * large the stream. Bytes of a stream that nobody has opened yet go to a temporary file and are
 * read from there first. A stream can be read once; what the use case leaves unread is dropped when
 * it returns.
 */
final class IncomingStreams implements AutoCloseable {
  static final int HIGH_WATER = 1024 * 1024;
  static final int LOW_WATER = 256 * 1024;

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
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private long queued;
    private boolean opened;
    private boolean ended;
    private boolean abandoned;
    private String failure;
    private Path spill;
    private FileChannel spillOut;
    private long spilled;

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
        byte[] copy = new byte[bytes.readableBytes()];
        bytes.getBytes(bytes.readerIndex(), copy);
        queue.add(copy);
        queued += copy.length;
        notifyAll();
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
      notifyAll();
    }

    synchronized void fail(String reason) {
      if (!ended) { // an ended stream can still be read to its end
        failure = reason;
        abandon();
      }
    }

    synchronized void abandon() {
      abandoned = true;
      queue.clear();
      queued = 0;
      closeSpillOut();
      deleteSpill();
      notifyAll();
      resume();
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
      private byte[] head;
      private int headOffset;
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
        if (closed) {
          throw new IOException("Data stream " + id + " is closed");
        }
        if (earlyLeft > 0) {
          int n = early.read(ByteBuffer.wrap(into, offset, (int) Math.min(count, earlyLeft)));
          if (n < 0) {
            throw new IOException(
                "The held part of data stream " + id + " is shorter than written");
          }
          earlyLeft -= n;
          if (earlyLeft == 0) {
            closeEarly();
          }
          return n;
        }
        if (head == null) {
          head = take();
          headOffset = 0;
          if (head == null) {
            return -1;
          }
        }
        int n = Math.min(count, head.length - headOffset);
        System.arraycopy(head, headOffset, into, offset, n);
        headOffset += n;
        if (headOffset == head.length) {
          head = null;
        }
        return n;
      }

      private byte[] take() throws IOException {
        synchronized (Incoming.this) {
          while (queue.isEmpty() && !ended && failure == null && !abandoned) {
            try {
              Incoming.this.wait();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new java.io.InterruptedIOException("Interrupted reading data stream " + id);
            }
          }
          if (failure != null) {
            throw new IOException(failure);
          }
          if (queue.isEmpty()) {
            if (abandoned && !ended) {
              throw new IOException("Data stream " + id + " was abandoned before its end");
            }
            return null;
          }
          byte[] next = queue.poll();
          queued -= next.length;
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
