package dev.k8sagent.adapters.octopus.halibut.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.k8sagent.adapters.octopus.halibut.bson.NetGuid;
import dev.k8sagent.adapters.octopus.halibut.message.DataStreamRef;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IncomingStreamsTest {
  private static final NetGuid FIRST = NetGuid.random();
  private static final NetGuid SECOND = NetGuid.random();

  @TempDir Path spill;
  private final EmbeddedChannel channel = new EmbeddedChannel();

  @Test
  void a_stream_read_while_it_arrives_pauses_the_connection_instead_of_filling_memory()
      throws Exception {
    byte[] payload = random(8 * IncomingStreams.HIGH_WATER);
    IncomingStreams streams = streams(payload.length);
    InputStream in = streams.contents().get(FIRST).open();
    AtomicBoolean sawPause = new AtomicBoolean();
    CompletableFuture<Void> feeding =
        CompletableFuture.runAsync(
            () -> {
              for (int at = 0; at < payload.length; at += 16 * 1024) {
                if (!channel.config().isAutoRead()) {
                  sawPause.set(true); // the socket would not be read now
                  eventually().until(channel.config()::isAutoRead);
                }
                streams.append(FIRST, Unpooled.wrappedBuffer(payload, at, 16 * 1024));
              }
              streams.end(FIRST);
            });
    eventually().until(() -> !channel.config().isAutoRead()); // the queue filled before reading
    byte[] read = in.readAllBytes();
    feeding.get(30, TimeUnit.SECONDS);
    assertArrayEquals(payload, read);
    assertTrue(sawPause.get(), "the connection was paused while the reader lagged");
    assertTrue(channel.config().isAutoRead(), "and resumed once it caught up");
    try (var files = Files.list(spill)) {
      assertEquals(0, files.count(), "nothing went to disk");
    }
  }

  @Test
  void bytes_that_came_before_the_stream_was_opened_are_read_first_from_disk() throws Exception {
    byte[] payload = random(100_000);
    IncomingStreams streams = streams(payload.length);
    streams.append(FIRST, Unpooled.wrappedBuffer(payload, 0, 60_000));
    InputStream in = streams.contents().get(FIRST).open();
    streams.append(FIRST, Unpooled.wrappedBuffer(payload, 60_000, 40_000));
    streams.end(FIRST);
    assertArrayEquals(payload, in.readAllBytes());
    in.close();
    try (var files = Files.list(spill)) {
      assertEquals(0, files.count(), "the early part is deleted once read");
    }
  }

  @Test
  void a_connection_lost_mid_stream_is_an_error_for_the_reader_not_a_short_file() throws Exception {
    IncomingStreams streams = streams(1000);
    InputStream in = streams.contents().get(FIRST).open();
    streams.append(FIRST, Unpooled.wrappedBuffer(new byte[400]));
    CompletableFuture<byte[]> reading = new CompletableFuture<>();
    AtomicInteger readBeforeWaiting = new AtomicInteger();
    Thread reader =
        new Thread(
            () -> {
              try {
                readBeforeWaiting.set(in.readNBytes(400).length);
                reading.complete(in.readAllBytes());
              } catch (IOException | RuntimeException e) {
                reading.completeExceptionally(e);
              }
            });
    reader.start();
    eventually() // the reader has what arrived and now waits for the rest
        .until(() -> readBeforeWaiting.get() == 400 && reader.getState() == Thread.State.WAITING);
    streams.fail("The connection to the server closed before the data stream arrived whole");
    Exception e = assertThrows(Exception.class, () -> reading.get(10, TimeUnit.SECONDS));
    assertTrue(
        e.getMessage().contains("closed before the data stream arrived whole"), e::getMessage);
  }

  @Test
  void a_stream_that_ended_can_still_be_read_after_the_connection_closes() throws Exception {
    IncomingStreams streams = streams(5);
    InputStream in = streams.contents().get(FIRST).open();
    streams.append(FIRST, Unpooled.wrappedBuffer("hello".getBytes()));
    streams.end(FIRST);
    streams.fail("gone");
    assertEquals("hello", new String(in.readAllBytes()));
  }

  @Test
  void what_the_use_case_leaves_unread_is_dropped_and_reading_resumes() throws Exception {
    IncomingStreams streams = streams(4 * IncomingStreams.HIGH_WATER);
    InputStream in = streams.contents().get(FIRST).open();
    for (int i = 0; i < 3; i++) {
      streams.append(FIRST, Unpooled.wrappedBuffer(new byte[IncomingStreams.HIGH_WATER / 2]));
    }
    assertFalse(channel.config().isAutoRead(), "paused with a full queue");
    in.readNBytes(10);
    in.close(); // the use case gave up, e.g. a path it refused
    assertTrue(channel.config().isAutoRead(), "the rest is read and dropped, not left waiting");
    streams.append(FIRST, Unpooled.wrappedBuffer(new byte[1000]));
    streams.end(FIRST);
    streams.append(SECOND, Unpooled.wrappedBuffer(new byte[10]));
    streams.abandonUnread();
    streams.end(SECOND);
    try (var files = Files.list(spill)) {
      assertEquals(0, files.count(), "an unopened stream's held bytes are deleted");
    }
    IOException again =
        assertThrows(IOException.class, () -> streams.contents().get(SECOND).open());
    assertTrue(again.getMessage().contains(SECOND.toString()), again.getMessage());
  }

  @Test
  void a_transfer_hands_over_the_held_part_then_the_received_buffers_themselves() throws Exception {
    byte[] early = random(50_000);
    byte[] late = random(3 * 16 * 1024);
    IncomingStreams streams = streams(early.length + late.length);
    streams.append(FIRST, Unpooled.wrappedBuffer(early));
    List<ByteBuf> received = new ArrayList<>();
    for (int at = 0; at < late.length; at += 16 * 1024) {
      received.add(Unpooled.wrappedBuffer(late, at, 16 * 1024));
    }
    RecordingChannel target = new RecordingChannel();
    CompletableFuture<Long> transfer =
        CompletableFuture.supplyAsync(() -> transfer(streams, target));
    eventually().until(() -> target.bytes.size() == early.length); // the held part came first
    for (ByteBuf bytes : received) {
      streams.append(FIRST, bytes);
    }
    streams.end(FIRST);

    assertEquals(early.length + late.length, transfer.get(30, TimeUnit.SECONDS));
    byte[] whole = target.bytes.toByteArray();
    assertArrayEquals(early, Arrays.copyOfRange(whole, 0, early.length));
    assertArrayEquals(late, Arrays.copyOfRange(whole, early.length, whole.length));
    assertTrue(
        target.arrays.contains(late), "the socket's buffers were handed over, not copies of them");
    for (ByteBuf bytes : received) {
      assertEquals(1, bytes.refCnt(), "only the caller's reference is left");
    }
    try (var files = Files.list(spill)) {
      assertEquals(0, files.count(), "the held part is deleted once transferred");
    }
  }

  @Test
  void a_stream_refused_during_a_transfer_fails_it_and_frees_what_was_queued() throws Exception {
    IncomingStreams streams = streams(IncomingStreams.WAKE_BYTES + 100);
    AtomicBoolean blocked = new AtomicBoolean(true);
    RecordingChannel target = new RecordingChannel(blocked);
    CompletableFuture<Long> transfer =
        CompletableFuture.supplyAsync(() -> transfer(streams, target));
    eventually().until(() -> streams.waiting(FIRST) == 1); // opened, waiting for bytes
    ByteBuf first = Unpooled.wrappedBuffer(new byte[IncomingStreams.WAKE_BYTES]);
    streams.append(FIRST, first);
    eventually().until(() -> target.writing); // the first batch is being written
    ByteBuf second = Unpooled.wrappedBuffer(new byte[400]);
    streams.append(FIRST, second);
    streams.fail(FIRST, "Data stream is longer on the wire than its message declared");
    blocked.set(false);

    Exception e = assertThrows(Exception.class, () -> transfer.get(10, TimeUnit.SECONDS));
    assertTrue(e.getMessage().contains("than its message declared"), e::getMessage);
    eventually().until(() -> first.refCnt() == 1 && second.refCnt() == 1);
  }

  @Test
  void a_waiting_transfer_is_woken_for_a_batch_of_buffers_not_for_each_one() throws Exception {
    int record = 16 * 1024; // what one TLS record brings
    byte[] payload = random(2 * IncomingStreams.WAKE_BYTES + 1000);
    IncomingStreams streams = streams(payload.length);
    RecordingChannel target = new RecordingChannel();
    CompletableFuture<Long> transfer =
        CompletableFuture.supplyAsync(() -> transfer(streams, target));
    eventually().until(() -> streams.waiting(FIRST) == 1);

    int batch = IncomingStreams.WAKE_BYTES / record;
    for (int i = 0; i < batch - 1; i++) {
      streams.append(FIRST, Unpooled.wrappedBuffer(payload, i * record, record));
    }
    assertEquals(0, streams.wakeUps(FIRST), "nothing woke the reader for less than a batch");
    streams.append(FIRST, Unpooled.wrappedBuffer(payload, (batch - 1) * record, record));
    assertEquals(1, streams.wakeUps(FIRST));
    eventually().until(() -> target.gatheringWrites.size() == 1);
    assertEquals(batch, target.gatheringWrites.get(0), "the batch went out in one write");

    // the rest, ending short of a batch: the end wakes the reader for it
    for (int at = batch * record; at < payload.length; at += record) {
      streams.append(
          FIRST, Unpooled.wrappedBuffer(payload, at, Math.min(record, payload.length - at)));
    }
    streams.end(FIRST);
    assertEquals(payload.length, transfer.get(30, TimeUnit.SECONDS));
    assertArrayEquals(payload, target.bytes.toByteArray());
  }

  @Test
  void a_stream_is_read_once() throws Exception {
    IncomingStreams streams = streams(0);
    streams.end(FIRST);
    streams.contents().get(FIRST).open().close();
    IOException e = assertThrows(IOException.class, () -> streams.contents().get(FIRST).open());
    assertTrue(e.getMessage().contains("only once"), e.getMessage());
  }

  @Test
  void streams_read_in_wire_order_each_get_their_own_bytes() throws Exception {
    IncomingStreams streams = streams(3);
    streams.append(FIRST, Unpooled.wrappedBuffer("abc".getBytes()));
    streams.end(FIRST);
    streams.append(SECOND, Unpooled.wrappedBuffer("xyz".getBytes()));
    streams.end(SECOND);
    assertEquals("abc", new String(streams.contents().get(FIRST).open().readAllBytes()));
    assertEquals("xyz", new String(streams.contents().get(SECOND).open().readAllBytes()));
    assertEquals(3, streams.contents().get(SECOND).length());
  }

  private static long transfer(IncomingStreams streams, WritableByteChannel target) {
    try {
      return streams.contents().get(FIRST).transferTo(target);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Keeps what is written and which arrays it came from; can hold a write until released. */
  private static final class RecordingChannel implements GatheringByteChannel {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final Set<byte[]> arrays = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    final List<Integer> gatheringWrites = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicBoolean blocked;
    volatile boolean writing;

    RecordingChannel() {
      this(new AtomicBoolean());
    }

    RecordingChannel(AtomicBoolean blocked) {
      this.blocked = blocked;
    }

    @Override
    public synchronized int write(ByteBuffer buffer) {
      writing = true;
      if (blocked.get()) {
        eventually().until(() -> !blocked.get());
      }
      if (buffer.hasArray()) {
        arrays.add(buffer.array());
      }
      int n = buffer.remaining();
      byte[] copy = new byte[n];
      buffer.get(copy);
      bytes.writeBytes(copy);
      return n;
    }

    @Override
    public long write(ByteBuffer[] buffers, int offset, int length) {
      gatheringWrites.add(length);
      long total = 0;
      for (int i = offset; i < offset + length; i++) {
        total += write(buffers[i]);
      }
      return total;
    }

    @Override
    public long write(ByteBuffer[] buffers) {
      return write(buffers, 0, buffers.length);
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }

  private static ConditionFactory eventually() {
    return Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5));
  }

  private IncomingStreams streams(long firstLength) {
    return new IncomingStreams(
        channel,
        spill,
        List.of(new DataStreamRef(FIRST, firstLength), new DataStreamRef(SECOND, 3)));
  }

  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return Arrays.copyOf(bytes, size);
  }
}
