package dev.k8sagent.adapters.octopus.simulator;

import dev.k8sagent.adapters.octopus.halibut.bson.NetGuid;
import dev.k8sagent.adapters.octopus.halibut.message.Envelope;
import dev.k8sagent.adapters.octopus.halibut.message.RequestMessage;
import dev.k8sagent.adapters.octopus.halibut.netty.ConnectionStack;
import dev.k8sagent.adapters.octopus.halibut.netty.InboundFrame;
import dev.k8sagent.adapters.octopus.halibut.netty.InboundFrameDecoder;
import dev.k8sagent.adapters.octopus.halibut.netty.OutboundFrame;
import dev.k8sagent.adapters.octopus.halibut.netty.OutboundFrameEncoder;
import dev.k8sagent.adapters.octopus.halibut.netty.Tls;
import dev.k8sagent.adapters.octopus.halibut.netty.WebSocketBytes;
import dev.k8sagent.adapters.octopus.halibut.service.OutgoingStream;
import dev.k8sagent.adapters.octopus.halibut.wire.ControlLine;
import dev.k8sagent.adapters.octopus.identity.AgentCertificates;
import dev.k8sagent.adapters.octopus.identity.LoadedIdentity;
import dev.k8sagent.domain.target.Thumbprint;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server side of polling. Calls queued for a subscription go to whichever of its connections
 * asks next; an idle connection gets a null request (keep-alive) after {@code keepAliveAfter}.
 */
public final class ServerSimulator implements AutoCloseable {
  private final LoadedIdentity identity;
  private final java.util.function.Predicate<Thumbprint> trustedAgents;
  private final Duration keepAliveAfter;
  private final Path spoolDirectory;
  private ConnectionStack stack = ConnectionStack.best();
  private boolean noDelay = true;
  private EventLoopGroup group;
  private final ExecutorService waiting = Executors.newCachedThreadPool(r -> daemon(r));
  private final Map<String, BlockingQueue<PendingCall>> queues = new ConcurrentHashMap<>();
  private final AtomicLong calls = new AtomicLong();
  private final AtomicInteger subscribers = new AtomicInteger();
  private final AtomicLong subscriptions = new AtomicLong();
  private final AtomicLong closedBeforeSubscribing = new AtomicLong();
  private final AtomicLong keepAlivesAnswered = new AtomicLong();
  private final Set<Channel> open = ConcurrentHashMap.newKeySet();
  private final ServerFaults faults = new ServerFaults();
  private Channel listener;
  private Channel webSocketListener;

  /** A call to send; {@code raw}, when present, goes on the wire instead of the request. */
  private record PendingCall(
      RequestMessage request,
      List<OutgoingStream> streams,
      CompletableFuture<SimulatedResponse> answer,
      Optional<RawFrames> raw) {}

  /** Bytes written as they are, in place of a request; then the connection may be closed. */
  private record RawFrames(byte[] bytes, boolean closeAfter) {}

  public ServerSimulator(
      LoadedIdentity identity,
      Set<Thumbprint> trustedAgents,
      Duration keepAliveAfter,
      Path spoolDirectory) {
    this(identity, Set.copyOf(trustedAgents)::contains, keepAliveAfter, spoolDirectory);
  }

  /** A simulator that asks {@code trustedAgents} about each agent, e.g. "is it registered?". */
  public ServerSimulator(
      LoadedIdentity identity,
      java.util.function.Predicate<Thumbprint> trustedAgents,
      Duration keepAliveAfter,
      Path spoolDirectory) {
    this.identity = identity;
    this.trustedAgents = trustedAgents;
    this.keepAliveAfter = keepAliveAfter;
    this.spoolDirectory = spoolDirectory;
  }

  /**
   * Serves with {@code stack} instead of the best one here, and with Nagle's algorithm on when
   * {@code noDelay} is false (as Halibut's {@code TcpNoDelay} default has it); before {@link
   * #start}.
   */
  public ServerSimulator using(ConnectionStack stack, boolean noDelay) {
    if (group != null) {
      throw new IllegalStateException("The simulator is already listening");
    }
    this.stack = stack;
    this.noDelay = noDelay;
    return this;
  }

  /** The TLS engine and socket transport it serves with. */
  public ConnectionStack stack() {
    return stack;
  }

  /** Starts listening on {@code port} (0 picks a free one) for TLS polling; returns the port. */
  public int start(int port) throws InterruptedException {
    listener = listen(port, false);
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  /**
   * Also listens on {@code port} for polling over a WebSocket ({@code wss://127.0.0.1:<port>/} and
   * any path below it), as Octopus Server does behind an HTTPS endpoint; returns the port.
   */
  public int startWebSocket(int port) throws InterruptedException {
    webSocketListener = listen(port, true);
    return ((InetSocketAddress) webSocketListener.localAddress()).getPort();
  }

  private Channel listen(int port, boolean webSocket) throws InterruptedException {
    if (group == null) {
      group =
          new MultiThreadIoEventLoopGroup(
              2, new DefaultThreadFactory("simulator-io"), stack.sockets().ioHandlerFactory());
    }
    return new ServerBootstrap()
        .group(group)
        .channel(stack.sockets().serverSocketChannel())
        .childOption(ChannelOption.TCP_NODELAY, noDelay)
        .childHandler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel channel) {
                open.add(channel);
                channel.closeFuture().addListener(f -> open.remove(channel));
                channel
                    .pipeline()
                    .addLast("tls", Tls.serverHandler(stack.tls(), channel.alloc(), identity));
                if (webSocket) {
                  channel
                      .pipeline()
                      .addLast("http", new HttpServerCodec())
                      .addLast("http-aggregator", new HttpObjectAggregator(64 * 1024))
                      .addLast(
                          "websocket",
                          new WebSocketServerProtocolHandler(
                              WebSocketServerProtocolConfig.newBuilder()
                                  .websocketPath("/")
                                  .checkStartsWith(true)
                                  .subprotocols(WebSocketBytes.SUBPROTOCOL)
                                  .maxFramePayloadLength(16 * 1024 * 1024)
                                  .withUTF8Validator(false)
                                  .build()))
                      .addLast("websocket-bytes", new WebSocketBytes(WebSocketBytes.Side.SERVER));
                }
                channel
                    .pipeline()
                    .addLast("chunked", new ChunkedWriteHandler())
                    .addLast("encoder", new OutboundFrameEncoder())
                    .addLast(
                        "handshake",
                        new ServerHandshakeHandler(
                            ServerSimulator.this::trusted,
                            () -> faults.take(ServerFaults.Fault.SILENT_AFTER_IDENTITY)))
                    .addLast("frames", new InboundFrameDecoder(64 * 1024 * 1024, Long.MAX_VALUE))
                    .addLast("exchange", new Exchange());
              }
            })
        .bind(new InetSocketAddress("127.0.0.1", port))
        .sync()
        .channel();
  }

  /** The port it listens on, once started. */
  public int port() {
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  public Thumbprint thumbprint() {
    return identity.thumbprint();
  }

  /** Subscribers that have identified themselves and are polling now. */
  public int subscriberCount() {
    return subscribers.get();
  }

  /** Connections that have identified themselves since the start, including closed ones. */
  public long subscriptionsSeen() {
    return subscriptions.get();
  }

  /**
   * Connections that closed before a subscriber identified itself: refused by either side during
   * the TLS or MX handshake, or abandoned by the agent.
   */
  public long connectionsClosedBeforeSubscribing() {
    return closedBeforeSubscribing.get();
  }

  /** Keep-alives (null requests) that an agent answered with {@code NEXT}, over all connections. */
  public long keepAlivesAnswered() {
    return keepAlivesAnswered.get();
  }

  /** The faults this server injects when armed. */
  public ServerFaults faults() {
    return faults;
  }

  /**
   * Queues bytes for the agent polling as {@code subscriptionId}, written as they are where a
   * request would go: hostile or malformed frames for a test. The future completes with the agent's
   * response, or fails when the connection closes first. With {@code closeAfter} the server closes
   * the connection once the bytes are written (a truncated conversation).
   */
  public CompletableFuture<SimulatedResponse> sendRaw(
      String subscriptionId, byte[] bytes, boolean closeAfter) {
    CompletableFuture<SimulatedResponse> answer = new CompletableFuture<>();
    queue(subscriptionId)
        .add(
            new PendingCall(
                null, List.of(), answer, Optional.of(new RawFrames(bytes.clone(), closeAfter))));
    return answer;
  }

  /** Queues a call for the agent polling as {@code subscriptionId}. */
  public CompletableFuture<SimulatedResponse> call(
      String subscriptionId,
      String service,
      String method,
      List<Object> params,
      List<OutgoingStream> streams) {
    RequestMessage request =
        new RequestMessage(
            service
                + "::"
                + method
                + "Async["
                + calls.incrementAndGet()
                + "] / "
                + NetGuid.random(),
            NetGuid.random(),
            service,
            method,
            params);
    CompletableFuture<SimulatedResponse> answer = new CompletableFuture<>();
    queue(subscriptionId).add(new PendingCall(request, streams, answer, Optional.empty()));
    return answer;
  }

  /** Drops every open connection, as a server restart would. */
  public void dropConnections() {
    for (Channel channel : open) {
      channel.close();
    }
  }

  private BlockingQueue<PendingCall> queue(String subscriptionId) {
    return queues.computeIfAbsent(
        subscriptionId.toLowerCase(java.util.Locale.ROOT), k -> new LinkedBlockingQueue<>());
  }

  private boolean trusted(ChannelHandlerContext ctx) {
    try {
      SslHandler tls = ctx.pipeline().get(SslHandler.class);
      X509Certificate client = (X509Certificate) tls.engine().getSession().getPeerCertificates()[0];
      return trustedAgents.test(AgentCertificates.thumbprint(client));
    } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
      return false;
    }
  }

  /**
   * One connection's server loop: send a request or keep-alive, read the answer, NEXT → PROCEED.
   */
  private final class Exchange extends SimpleChannelInboundHandler<InboundFrame> {
    private String subscription;
    private PendingCall inFlight;
    private boolean keepAliveSent;
    private Map<NetGuid, Path> received = new HashMap<>();
    private Optional<dev.k8sagent.adapters.octopus.halibut.message.ResponseMessage> response =
        Optional.empty();
    private FileChannel writing;
    private int streamsLeft;

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
      if (event instanceof ServerHandshakeHandler.Subscribed subscribed) {
        subscription = subscribed.subscriptionId();
        subscribers.incrementAndGet();
        subscriptions.incrementAndGet();
        sendNext(ctx);
      }
      super.userEventTriggered(ctx, event);
    }

    private void sendNext(ChannelHandlerContext ctx) {
      // A call already queued goes out at once, from the event loop: a hop to a waiting thread and
      // back per request would be the simulator's cost, not the agent's, in the benchmarks.
      PendingCall queued = queue(subscription).poll();
      if (queued != null) {
        send(ctx, queued); // flushes what was written before it too
        return;
      }
      ctx.flush();
      waiting.execute(
          () -> {
            PendingCall next = null;
            try {
              long deadline = System.nanoTime() + keepAliveAfter.toNanos();
              while (next == null && ctx.channel().isActive() && System.nanoTime() < deadline) {
                next = queue(subscription).poll(50, TimeUnit.MILLISECONDS);
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            if (!ctx.channel().isActive()) {
              if (next != null) {
                queue(subscription).add(next); // another connection will take it
              }
              return;
            }
            PendingCall call = next;
            ctx.executor().execute(() -> send(ctx, call));
          });
    }

    /** Sends {@code call}, or a keep-alive when it is null; on the event loop. */
    private void send(ChannelHandlerContext ctx, PendingCall call) {
      inFlight = call;
      if (call == null) {
        // the agent answers a keep-alive with NEXT alone, no response
        ctx.pipeline().get(InboundFrameDecoder.class).expectControlLine();
        keepAliveSent = true;
        ctx.writeAndFlush(
            new OutboundFrame.Message(Envelope.requestDocument(Optional.empty()), List.of()),
            ctx.voidPromise());
      } else if (call.raw().isPresent()) {
        RawFrames raw = call.raw().get();
        var written = ctx.writeAndFlush(new OutboundFrame.Handshake(raw.bytes()));
        if (raw.closeAfter()) {
          written.addListener(io.netty.channel.ChannelFutureListener.CLOSE);
        }
      } else if (!call.streams().isEmpty()
          && faults.take(ServerFaults.Fault.DROP_MID_REQUEST_STREAM)) {
        ctx.writeAndFlush(new OutboundFrame.Handshake(halfOfFirstStream(call)))
            .addListener(io.netty.channel.ChannelFutureListener.CLOSE);
      } else {
        ctx.writeAndFlush(
            new OutboundFrame.Message(
                Envelope.requestDocument(Optional.of(call.request())), call.streams()),
            ctx.voidPromise());
      }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, InboundFrame frame) throws IOException {
      if (!ctx.channel().isActive()) {
        return; // dropped: frames already decoded from the last read go nowhere
      }
      if (frame instanceof InboundFrame.Message message) {
        var read = Envelope.readResponse(message.envelope());
        if (inFlight != null
            && inFlight.request() != null
            && !inFlight.request().id().equals(read.id())) {
          // Halibut matches a response to its request by id; one out of turn is a broken agent
          throw new dev.k8sagent.adapters.octopus.halibut.wire.ProtocolException(
              "The agent answered request '"
                  + inFlight.request().id()
                  + "' with the response to '"
                  + read.id()
                  + "'");
        }
        response = Optional.of(read);
        received = new HashMap<>();
        streamsLeft = message.streams().size();
        if (streamsLeft == 0) {
          answer();
        }
      } else if (frame instanceof InboundFrame.StreamChunk chunk) {
        if (faults.take(ServerFaults.Fault.DROP_MID_RESPONSE)) {
          ctx.close();
          return;
        }
        if (!received.containsKey(chunk.id())) {
          Files.createDirectories(spoolDirectory);
          Path file = Files.createTempFile(spoolDirectory, "simulator-", ".tmp");
          received.put(chunk.id(), file);
          writing = FileChannel.open(file, StandardOpenOption.WRITE);
        }
        while (chunk.bytes().isReadable()) {
          chunk.bytes().readBytes(writing, chunk.bytes().readableBytes());
        }
      } else if (frame instanceof InboundFrame.StreamEnd end) {
        if (writing != null) {
          writing.close();
          writing = null;
        }
        if (!received.containsKey(end.id())) {
          received.put(end.id(), Files.createTempFile(spoolDirectory, "simulator-", ".tmp"));
        }
        if (--streamsLeft == 0) {
          answer();
        }
      } else if (frame instanceof InboundFrame.Control control) {
        if (control.line() == ControlLine.NEXT) {
          if (!keepAliveSent && faults.take(ServerFaults.Fault.DROP_BEFORE_PROCEED)) {
            ctx.close();
            return;
          }
          if (keepAliveSent) {
            keepAliveSent = false;
            keepAlivesAnswered.incrementAndGet();
          }
          if (noDelay) {
            // PROCEED goes out with the next request when one is queued: one TLS record and one
            // write for both, the same bytes in the same order
            ctx.write(new OutboundFrame.Control(ControlLine.PROCEED), ctx.voidPromise());
          } else {
            // With Nagle on, as Halibut by default: PROCEED flushed on its own before the next
            // request is taken off the queue, so the request is the small write Nagle holds back.
            ctx.writeAndFlush(new OutboundFrame.Control(ControlLine.PROCEED));
          }
          sendNext(ctx);
        } else {
          ctx.close();
        }
      }
    }

    private void answer() {
      if (inFlight != null && response.isPresent()) {
        inFlight.answer().complete(new SimulatedResponse(response.get(), received));
        inFlight = null;
        response = Optional.empty();
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      if (subscription != null) {
        subscribers.decrementAndGet();
      } else {
        closedBeforeSubscribing.incrementAndGet();
      }
      if (inFlight != null) {
        inFlight
            .answer()
            .completeExceptionally(
                new IOException("The agent's connection closed while a request was in flight"));
      }
      if (writing != null) {
        writing.close();
      }
      super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // With no request in flight, what arrived is an agent leaving (END while the server had
      // nothing to ask), which Octopus Server also treats as a closed connection.
      System.getLogger(ServerSimulator.class.getName())
          .log(
              inFlight == null ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING,
              "Simulator closing a connection from " + ctx.channel().remoteAddress(),
              cause);
      ctx.close();
    }
  }

  /** The request, then the first half of its first data stream's frame: what a drop cuts short. */
  private static byte[] halfOfFirstStream(PendingCall call) {
    OutgoingStream first = call.streams().get(0);
    java.io.ByteArrayOutputStream wire = new java.io.ByteArrayOutputStream();
    wire.writeBytes(
        dev.k8sagent.adapters.octopus.halibut.wire.MessageDeflater.deflate(
            Envelope.request(Optional.of(call.request()))));
    wire.writeBytes(
        dev.k8sagent.adapters.octopus.halibut.wire.DataStreamFrame.header(
            first.ref().id(), first.ref().length()));
    try (java.io.InputStream in = first.content().open()) {
      wire.writeBytes(in.readNBytes((int) Math.min(first.ref().length() / 2, 1 << 20)));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return wire.toByteArray();
  }

  @Override
  public void close() {
    if (listener != null) {
      listener.close().awaitUninterruptibly();
    }
    if (webSocketListener != null) {
      webSocketListener.close().awaitUninterruptibly();
    }
    dropConnections();
    waiting.shutdownNow();
    if (group != null) {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
  }

  private static Thread daemon(Runnable runnable) {
    Thread thread = new Thread(runnable, "simulator-queue");
    thread.setDaemon(true);
    return thread;
  }
}
