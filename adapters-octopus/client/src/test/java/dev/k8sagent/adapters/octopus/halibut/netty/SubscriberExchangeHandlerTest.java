package dev.k8sagent.adapters.octopus.halibut.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.k8sagent.adapters.octopus.halibut.bson.BsonDocument;
import dev.k8sagent.adapters.octopus.halibut.bson.BsonReader;
import dev.k8sagent.adapters.octopus.halibut.bson.BsonWriter;
import dev.k8sagent.adapters.octopus.halibut.bson.NetGuid;
import dev.k8sagent.adapters.octopus.halibut.message.DataStreamRef;
import dev.k8sagent.adapters.octopus.halibut.message.Envelope;
import dev.k8sagent.adapters.octopus.halibut.message.RequestMessage;
import dev.k8sagent.adapters.octopus.halibut.message.ResponseMessage;
import dev.k8sagent.adapters.octopus.halibut.service.InMemoryAgent;
import dev.k8sagent.adapters.octopus.halibut.service.ServiceDispatcher;
import dev.k8sagent.adapters.octopus.halibut.wire.ControlLine;
import dev.k8sagent.ports.content.Content;
import dev.k8sagent.ports.in.DownloadFile;
import dev.k8sagent.ports.in.FileTransfer;
import dev.k8sagent.ports.in.UploadFile;
import dev.k8sagent.ports.in.UploadResult;
import dev.k8sagent.ports.out.twins.InMemoryFileStore;
import dev.k8sagent.ports.service.TransferringFiles;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubscriberExchangeHandlerTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path spool;

  @Test
  void a_keep_alive_is_answered_with_next_and_no_response() {
    EmbeddedChannel channel = identified();
    channel.writeInbound(message(Optional.empty()));
    assertEquals(new OutboundFrame.Control(ControlLine.NEXT), channel.readOutbound());
    assertTrue(channel.outboundMessages().isEmpty());
  }

  @Test
  void a_request_is_answered_with_its_id_then_next() {
    EmbeddedChannel channel = identified();
    RequestMessage request =
        new RequestMessage(
            "ICapabilitiesServiceV2::GetCapabilitiesAsync[3] / x",
            NetGuid.random(),
            "ICapabilitiesServiceV2",
            "GetCapabilities",
            List.of());
    channel.writeInbound(message(Optional.of(request)));
    channel.runPendingTasks();

    OutboundFrame.Message response =
        assertInstanceOf(OutboundFrame.Message.class, channel.readOutbound());
    ResponseMessage read =
        Envelope.readResponse(BsonReader.read(BsonWriter.write(response.envelope())));
    assertEquals(request.id(), read.id());
    assertTrue(read.error().isEmpty());
    assertEquals(new OutboundFrame.Control(ControlLine.NEXT), channel.readOutbound());
  }

  @Test
  void get_capabilities_is_answered_on_the_event_loop_with_the_bytes_the_work_pool_would_send() {
    List<Runnable> handedToWork = new java.util.ArrayList<>();
    EmbeddedChannel channel = identified(new InMemoryFileStore("/octopus"), handedToWork::add);
    RequestMessage request = capabilities();

    channel.writeInbound(message(Optional.of(request)));

    assertTrue(handedToWork.isEmpty(), "nothing went to the work pool");
    OutboundFrame.Message response =
        assertInstanceOf(OutboundFrame.Message.class, channel.readOutbound());
    ServiceDispatcher pool =
        InMemoryAgent.dispatcher(
            new TransferringFiles(new InMemoryFileStore("/octopus"), "/octopus"));
    assertArrayEquals(
        Envelope.response(pool.dispatch(request, java.util.Map.of()).response()),
        BsonWriter.write(response.envelope()));
    assertEquals(new OutboundFrame.Control(ControlLine.NEXT), channel.readOutbound());
    assertTrue(channel.outboundMessages().isEmpty());
  }

  @Test
  void a_call_that_may_wait_goes_to_the_work_pool_and_is_answered_only_from_there() {
    List<Runnable> handedToWork = new java.util.ArrayList<>();
    EmbeddedChannel channel = identified(new InMemoryFileStore("/octopus"), handedToWork::add);
    RequestMessage status =
        new RequestMessage(
            "IKubernetesScriptServiceV1::GetStatusAsync[5] / x",
            NetGuid.random(),
            "IKubernetesScriptServiceV1",
            "GetStatus",
            List.of(
                new BsonDocument()
                    .put(
                        "$type",
                        dev.k8sagent.adapters.octopus.halibut.message.TypeNames.wireName(
                            "KubernetesScriptStatusRequestV1"))
                    .put("ScriptTicket", new BsonDocument().put("TaskId", "no-such-task"))
                    .put("LastLogSequence", 0L)));

    channel.writeInbound(message(Optional.of(status)));
    channel.runPendingTasks();

    assertEquals(1, handedToWork.size(), "GetStatus reads the task's output: never on the loop");
    assertTrue(channel.outboundMessages().isEmpty(), "nothing is sent before the use case ends");
    handedToWork.get(0).run();
    channel.runPendingTasks();
    OutboundFrame.Message response =
        assertInstanceOf(OutboundFrame.Message.class, channel.readOutbound());
    assertEquals(
        status.id(),
        Envelope.readResponse(BsonReader.read(BsonWriter.write(response.envelope()))).id());
    assertEquals(new OutboundFrame.Control(ControlLine.NEXT), channel.readOutbound());
  }

  @Test
  void a_server_that_never_says_proceed_loses_the_connection_after_the_heartbeat() {
    EmbeddedChannel channel = identified();
    channel.writeInbound(message(Optional.empty()));
    channel.advanceTimeBy(WAIT.toSeconds() - 1, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
    assertTrue(channel.isOpen());
    channel.advanceTimeBy(2, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
    assertFalse(channel.isOpen());
  }

  @Test
  void a_heartbeat_shorter_than_the_request_wait_ends_the_connection_on_its_own_time() {
    EmbeddedChannel channel =
        new EmbeddedChannel(
            new SubscriberExchangeHandler(
                InMemoryAgent.dispatcher(
                    new TransferringFiles(new InMemoryFileStore("/octopus"), "/octopus")),
                Runnable::run,
                spool,
                Duration.ofSeconds(120),
                Duration.ofSeconds(20)));
    channel.pipeline().fireUserEventTriggered(SubscriberHandshakeHandler.IDENTIFIED);
    channel.advanceTimeBy(10, TimeUnit.SECONDS);
    channel.writeInbound(message(Optional.empty())); // NEXT sent: 20 s for PROCEED, not 120

    channel.advanceTimeBy(19, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
    assertTrue(channel.isOpen());
    channel.advanceTimeBy(2, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
    assertFalse(channel.isOpen());
  }

  @Test
  void a_silent_server_loses_the_connection_after_the_request_wait_and_proceed_restarts_it() {
    EmbeddedChannel channel = identified();
    channel.writeInbound(message(Optional.empty()));
    channel.advanceTimeBy(30, TimeUnit.SECONDS);
    channel.writeInbound(new InboundFrame.Control(ControlLine.PROCEED));
    channel.advanceTimeBy(59, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
    assertTrue(channel.isOpen(), "PROCEED started a fresh wait for the next request");
    channel.advanceTimeBy(2, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
    assertFalse(channel.isOpen());
  }

  @Test
  void an_upload_is_answered_once_its_stream_has_arrived_and_lands_in_the_workspace()
      throws Exception {
    ExecutorService work = Executors.newSingleThreadExecutor();
    EmbeddedChannel channel = identified(new InMemoryFileStore("/octopus"), work);
    NetGuid id = NetGuid.random();
    RequestMessage upload = upload(id, 10);
    channel.writeInbound(
        new InboundFrame.Message(
            BsonReader.read(Envelope.request(Optional.of(upload))),
            List.of(new DataStreamRef(id, 10))));
    channel.writeInbound(
        new InboundFrame.StreamChunk(id, Unpooled.wrappedBuffer("01234".getBytes())));
    channel.writeInbound(
        new InboundFrame.StreamChunk(id, Unpooled.wrappedBuffer("56789".getBytes())));
    channel.writeInbound(new InboundFrame.StreamEnd(id, 10));
    work.shutdown();
    assertTrue(work.awaitTermination(10, TimeUnit.SECONDS));
    channel.runPendingTasks();

    OutboundFrame.Message response =
        assertInstanceOf(OutboundFrame.Message.class, channel.readOutbound());
    ResponseMessage read =
        Envelope.readResponse(BsonReader.read(BsonWriter.write(response.envelope())));
    assertTrue(read.error().isEmpty(), () -> read.error().toString());
    assertEquals(10L, ((BsonDocument) read.result()).get("Length").orElseThrow());
    assertEquals(new OutboundFrame.Control(ControlLine.NEXT), channel.readOutbound());
    try (java.util.stream.Stream<Path> left = java.nio.file.Files.list(spool)) {
      assertEquals(0, left.count(), "nothing was held on disk on the way");
    }
  }

  @Test
  void a_data_stream_that_stalls_loses_the_connection_and_leaves_no_spool_file() throws Exception {
    ExecutorService work = Executors.newSingleThreadExecutor();
    EmbeddedChannel channel = identified(new InMemoryFileStore("/octopus"), work);
    NetGuid id = NetGuid.random();
    RequestMessage upload = upload(id, 10);
    channel.writeInbound(
        new InboundFrame.Message(
            BsonReader.read(Envelope.request(Optional.of(upload))),
            List.of(new DataStreamRef(id, 10))));
    channel.writeInbound(new InboundFrame.StreamChunk(id, Unpooled.wrappedBuffer(new byte[4])));
    channel.advanceTimeBy(WAIT.toSeconds() + 1, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
    assertFalse(channel.isOpen());
    work.shutdown();
    assertTrue(work.awaitTermination(10, TimeUnit.SECONDS), "the waiting upload gave up");
    try (java.util.stream.Stream<Path> left = java.nio.file.Files.list(spool)) {
      assertEquals(0, left.count(), "the half-received stream is deleted");
    }
  }

  @Test
  void end_from_the_server_closes_the_connection() {
    EmbeddedChannel channel = identified();
    channel.writeInbound(new InboundFrame.Control(ControlLine.END));
    assertFalse(channel.isOpen());
  }

  private static RequestMessage upload(NetGuid id, long length) {
    return new RequestMessage(
        "IFileTransferService::UploadFileAsync[1] / x",
        NetGuid.random(),
        "IFileTransferService",
        "UploadFile",
        List.of("Work/a.bin", new DataStreamRef(id, length).toTypedBson()));
  }

  @Test
  void a_response_the_server_reads_slowly_keeps_the_connection_and_proceed_is_awaited_after_it() {
    HeldWrites held = new HeldWrites();
    EmbeddedChannel channel = identified(held);
    channel.writeInbound(message(Optional.of(capabilities())));
    channel.runPendingTasks();

    // the response takes three heartbeats to send, the server reading a little all along
    for (int i = 0; i < 6; i++) {
      channel.advanceTimeBy(WAIT.toSeconds() / 2, TimeUnit.SECONDS);
      channel.runScheduledPendingTasks();
      channel.pipeline().fireChannelWritabilityChanged();
    }
    assertTrue(channel.isOpen(), "a response still moving is not a silent server");

    held.complete();
    channel.advanceTimeBy(WAIT.toSeconds() - 1, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
    assertTrue(channel.isOpen(), "the wait for PROCEED starts once NEXT is written");
    channel.advanceTimeBy(2, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
    assertFalse(channel.isOpen());
  }

  @Test
  void a_server_that_stops_reading_the_response_loses_the_connection_after_the_heartbeat() {
    HeldWrites held = new HeldWrites();
    EmbeddedChannel channel = identified(held);
    channel.writeInbound(message(Optional.of(capabilities())));
    channel.runPendingTasks();

    channel.advanceTimeBy(WAIT.toSeconds() - 1, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
    assertTrue(channel.isOpen());
    channel.advanceTimeBy(2, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
    assertFalse(channel.isOpen(), "no byte taken for a whole heartbeat");
  }

  @Test
  void a_download_whose_file_comes_up_short_drops_the_connection_instead_of_sending_next() {
    // the file said 100 bytes when asked, then gave 10: the stream cannot be framed any more
    Content shrunk =
        new Content() {
          @Override
          public long length() {
            return 100;
          }

          @Override
          public java.io.InputStream open() {
            return new java.io.ByteArrayInputStream(new byte[10]);
          }
        };
    FileTransfer files =
        new FileTransfer() {
          @Override
          public UploadResult upload(UploadFile command) {
            throw new UnsupportedOperationException("no uploads here");
          }

          @Override
          public Optional<Content> download(DownloadFile query) {
            return Optional.of(shrunk);
          }
        };
    EmbeddedChannel channel =
        new EmbeddedChannel(
            new ChunkedWriteHandler(),
            new OutboundFrameEncoder(),
            new SubscriberExchangeHandler(
                InMemoryAgent.dispatcher(files), Runnable::run, spool, WAIT, WAIT));
    channel.pipeline().fireUserEventTriggered(SubscriberHandshakeHandler.IDENTIFIED);

    channel.writeInbound(
        message(
            Optional.of(
                new RequestMessage(
                    "IFileTransferService::DownloadFile[1] / x",
                    NetGuid.random(),
                    "IFileTransferService",
                    "DownloadFile",
                    List.of("Work/a.bin")))));
    channel.runPendingTasks();

    assertFalse(channel.isOpen(), "the server must not read NEXT as the stream's missing bytes");
    channel.releaseOutbound();
  }

  /** Passes writes on but completes none until told: a server reading the response slowly. */
  private static final class HeldWrites extends io.netty.channel.ChannelOutboundHandlerAdapter {
    private final List<io.netty.channel.ChannelPromise> promises = new java.util.ArrayList<>();

    @Override
    public void write(
        io.netty.channel.ChannelHandlerContext ctx,
        Object msg,
        io.netty.channel.ChannelPromise promise) {
      promises.add(promise);
      ctx.write(msg);
    }

    void complete() {
      promises.forEach(io.netty.channel.ChannelPromise::setSuccess);
      promises.clear();
    }
  }

  private static RequestMessage capabilities() {
    return new RequestMessage(
        "ICapabilitiesServiceV2::GetCapabilitiesAsync[4] / x",
        NetGuid.random(),
        "ICapabilitiesServiceV2",
        "GetCapabilities",
        List.of());
  }

  private EmbeddedChannel identified(HeldWrites held) {
    ServiceDispatcher dispatcher =
        InMemoryAgent.dispatcher(
            new TransferringFiles(new InMemoryFileStore("/octopus"), "/octopus"));
    EmbeddedChannel channel =
        new EmbeddedChannel(
            held, new SubscriberExchangeHandler(dispatcher, Runnable::run, spool, WAIT, WAIT));
    channel.pipeline().fireUserEventTriggered(SubscriberHandshakeHandler.IDENTIFIED);
    return channel;
  }

  private EmbeddedChannel identified() {
    return identified(new InMemoryFileStore("/octopus"), Runnable::run);
  }

  /** Uploads need a {@code work} of their own: the use case reads while the test feeds. */
  private EmbeddedChannel identified(InMemoryFileStore store, Executor work) {
    ServiceDispatcher dispatcher =
        InMemoryAgent.dispatcher(new TransferringFiles(store, "/octopus"));
    EmbeddedChannel channel =
        new EmbeddedChannel(new SubscriberExchangeHandler(dispatcher, work, spool, WAIT, WAIT));
    channel.pipeline().fireUserEventTriggered(SubscriberHandshakeHandler.IDENTIFIED);
    return channel;
  }

  private static InboundFrame.Message message(Optional<RequestMessage> request) {
    BsonDocument envelope = BsonReader.read(Envelope.request(request));
    return new InboundFrame.Message(envelope, List.of());
  }
}
