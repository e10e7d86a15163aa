package dev.k8sagent.adapters.octopus.halibut.polling;

import dev.k8sagent.adapters.octopus.halibut.netty.ConnectionStack;
import dev.k8sagent.adapters.octopus.halibut.netty.HttpConnectHandler;
import dev.k8sagent.adapters.octopus.halibut.netty.IdentificationDeadline;
import dev.k8sagent.adapters.octopus.halibut.netty.InboundFrameDecoder;
import dev.k8sagent.adapters.octopus.halibut.netty.MessageBudget;
import dev.k8sagent.adapters.octopus.halibut.netty.OutboundFrameEncoder;
import dev.k8sagent.adapters.octopus.halibut.netty.QuickAck;
import dev.k8sagent.adapters.octopus.halibut.netty.SubscriberExchangeHandler;
import dev.k8sagent.adapters.octopus.halibut.netty.SubscriberHandshakeHandler;
import dev.k8sagent.adapters.octopus.halibut.netty.Tls;
import dev.k8sagent.adapters.octopus.halibut.netty.TlsEngine;
import dev.k8sagent.adapters.octopus.halibut.netty.WebSocketBytes;
import dev.k8sagent.adapters.octopus.halibut.service.ServiceDispatcher;
import dev.k8sagent.adapters.octopus.identity.LoadedIdentity;
import dev.k8sagent.domain.target.Thumbprint;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Keeps {@code connectionsPerAddress} polling connections open to every server address. Each slot
 * reconnects on its own after a drop, waiting as {@link BackOff} says. {@link #close()} stops
 * reconnecting, lets requests in flight be answered, then closes the connections.
 */
public final class PollingClient implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(PollingClient.class.getName());

  /** Tentacle's wait for the next request: the server sends a keep-alive after 30 s idle. */
  static final Duration REQUEST_WAIT = Duration.ofSeconds(60);

  /** Largest messages that may be inflated at once over all connections (see MessageBudget). */
  static final int MESSAGES_IN_FLIGHT = 2;

  /** Halibut's heartbeat timeout for NEXT / PROCEED. */
  static final Duration HEARTBEAT = Duration.ofSeconds(60);

  /**
   * How the names of the client's threads begin: those carrying the connections (and answering what
   * needs no wait), and those answering the rest. Thread dumps show them; {@code bench} counts
   * their CPU as the agent's.
   */
  public static final String IO_THREADS = "halibut-io";

  public static final String REQUEST_THREADS = "halibut-request";

  private static final io.netty.util.AttributeKey<Boolean> WAS_IDENTIFIED =
      io.netty.util.AttributeKey.valueOf(PollingClient.class, "identified");

  private final PollingSettings settings;
  private final LoadedIdentity identity;
  private final Supplier<Set<Thumbprint>> trustedServers;
  private final ServiceDispatcher dispatcher;
  private final ConnectionStack stack;
  private final EventLoopGroup group;
  private final ExecutorService work = Executors.newCachedThreadPool(daemonThreads());
  private final AtomicBoolean running = new AtomicBoolean();
  private final List<Channel> channels = java.util.Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger identified = new AtomicInteger();
  private final MessageBudget messages;
  private final ConnectionListener listener;

  public PollingClient(
      PollingSettings settings,
      LoadedIdentity identity,
      Supplier<Set<Thumbprint>> trustedServers,
      ServiceDispatcher dispatcher) {
    this(settings, identity, trustedServers, dispatcher, ConnectionStack.best());
  }

  /** A client whose connections are carried by {@code stack} rather than the best one here. */
  public PollingClient(
      PollingSettings settings,
      LoadedIdentity identity,
      Supplier<Set<Thumbprint>> trustedServers,
      ServiceDispatcher dispatcher,
      ConnectionStack stack) {
    this(settings, identity, trustedServers, dispatcher, stack, ConnectionListener.NONE);
  }

  /**
   * A client whose connections are carried by {@code stack}, telling {@code listener} about every
   * connection made and dropped.
   */
  public PollingClient(
      PollingSettings settings,
      LoadedIdentity identity,
      Supplier<Set<Thumbprint>> trustedServers,
      ServiceDispatcher dispatcher,
      ConnectionStack stack,
      ConnectionListener listener) {
    this.stack = stack;
    this.group =
        new MultiThreadIoEventLoopGroup(
            2, new DefaultThreadFactory(IO_THREADS), stack.sockets().ioHandlerFactory());
    this.settings = settings;
    this.identity = identity;
    this.trustedServers = trustedServers;
    this.dispatcher = dispatcher;
    // messages being inflated on all connections at once share room for a few of the largest
    this.messages =
        new MessageBudget(
            MESSAGES_IN_FLIGHT * (long) settings.maxMessageBytes(), settings.maxMessageBytes());
    this.listener = listener;
  }

  public void start() {
    if (!running.compareAndSet(false, true)) {
      return;
    }
    String noOpenSsl =
        stack.tls() == TlsEngine.JDK && !TlsEngine.openSslLoads()
            ? " (OpenSSL does not load here: " + TlsEngine.whyNoOpenSsl() + ")"
            : "";
    // the agent's start-up log names the engine at info once; this is for a client started alone
    LOG.log(Level.DEBUG, "Polling connections use " + stack.describe() + noOpenSsl);
    for (URI address : settings.serverAddresses()) {
      for (int i = 0; i < settings.connectionsPerAddress(); i++) {
        BackOff backOff =
            new BackOff(
                settings.minimumBackOff(), settings.maximumBackOff(), RandomGenerator.getDefault());
        connect(address, backOff);
      }
    }
  }

  /** The TLS engine and socket transport the connections use. */
  public ConnectionStack stack() {
    return stack;
  }

  /** Connections that have completed the handshake and are polling now. */
  public int connectedCount() {
    return identified.get();
  }

  private void connect(URI address, BackOff backOff) {
    if (!running.get()) {
      return;
    }
    String host = address.getHost();
    int port = PollingSettings.port(address);
    Bootstrap bootstrap =
        new Bootstrap()
            .group(group)
            .channel(stack.sockets().socketChannel())
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
            .option(ChannelOption.SO_KEEPALIVE, true)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel channel) {
                    if (QuickAck.supported(channel)) {
                      channel.pipeline().addLast("quick-ack", QuickAck.INSTANCE);
                    }
                    boolean webSocket = PollingSettings.isWebSocket(address);
                    SslHandler tls =
                        Tls.clientHandler(
                            stack.tls(),
                            channel.alloc(),
                            identity,
                            trustedServers,
                            webSocket ? settings.serverAuthorities() : List.of(),
                            host,
                            port);
                    tls.setHandshakeTimeoutMillis(settings.handshakeTimeout().toMillis());
                    if (settings.proxy().isPresent()) {
                      PollingProxy proxy = settings.proxy().get();
                      channel
                          .pipeline()
                          .addLast(
                              "proxy",
                              new HttpConnectHandler(
                                  host, port, proxy.username(), proxy.password(), tls));
                    } else {
                      channel.pipeline().addLast("tls", tls);
                    }
                    if (webSocket) {
                      channel
                          .pipeline()
                          .addLast("http", new HttpClientCodec())
                          .addLast("http-aggregator", new HttpObjectAggregator(64 * 1024))
                          .addLast(
                              "websocket",
                              new WebSocketClientProtocolHandler(
                                  WebSocketBytes.upgrade(
                                      address,
                                      settings.maxMessageBytes(),
                                      settings.handshakeTimeout())))
                          .addLast(
                              "websocket-bytes", new WebSocketBytes(WebSocketBytes.Side.CLIENT));
                    }
                    channel
                        .pipeline()
                        .addLast("chunked", new ChunkedWriteHandler())
                        .addLast("encoder", new OutboundFrameEncoder())
                        .addLast(
                            "handshake",
                            new SubscriberHandshakeHandler(
                                settings.subscriptionId(),
                                identity.thumbprint().toString(),
                                webSocket
                                    ? SubscriberHandshakeHandler.Start.AFTER_WEBSOCKET_UPGRADE
                                    : SubscriberHandshakeHandler.Start.AFTER_TLS))
                        .addLast(
                            "frames",
                            new InboundFrameDecoder(
                                settings.maxMessageBytes(), settings.maxStreamBytes(), messages))
                        .addLast(
                            "identify-deadline",
                            new IdentificationDeadline(settings.handshakeTimeout()))
                        .addLast(
                            "identified",
                            new ChannelInboundHandlerAdapter() {
                              private boolean counted;

                              @Override
                              public void userEventTriggered(
                                  ChannelHandlerContext ctx, Object event) throws Exception {
                                if (event == SubscriberHandshakeHandler.IDENTIFIED) {
                                  counted = true;
                                  ctx.channel().attr(WAS_IDENTIFIED).set(Boolean.TRUE);
                                  identified.incrementAndGet();
                                  listener.identified(address);
                                  backOff.reset();
                                  LOG.log(
                                      Level.INFO,
                                      "Polling " + address + " as " + settings.subscriptionId());
                                }
                                super.userEventTriggered(ctx, event);
                              }

                              @Override
                              public void channelInactive(ChannelHandlerContext ctx)
                                  throws Exception {
                                if (counted) {
                                  identified.decrementAndGet();
                                }
                                super.channelInactive(ctx);
                              }
                            })
                        .addLast(
                            "exchange",
                            new SubscriberExchangeHandler(
                                dispatcher,
                                work,
                                settings.spoolDirectory(),
                                REQUEST_WAIT,
                                HEARTBEAT,
                                settings.maxStreamBytes()));
                  }
                });
    ChannelFuture connecting =
        settings.proxy().isPresent()
            ? bootstrap.connect(settings.proxy().get().host(), settings.proxy().get().port())
            : bootstrap.connect(host, port);
    connecting.addListener(
        done -> {
          if (!done.isSuccess()) {
            LOG.log(
                Level.WARNING, "Cannot connect to " + address + ": " + done.cause().getMessage());
            dropped(address, ConnectionListener.DropReason.CONNECT_FAILED);
            retry(address, backOff);
            return;
          }
          Channel channel = connecting.channel();
          channels.add(channel);
          channel
              .closeFuture()
              .addListener(
                  closed -> {
                    channels.remove(channel);
                    dropped(
                        address,
                        Boolean.TRUE.equals(channel.attr(WAS_IDENTIFIED).get())
                            ? ConnectionListener.DropReason.CONNECTION_LOST
                            : ConnectionListener.DropReason.HANDSHAKE_FAILED);
                    retry(address, backOff);
                  });
        });
  }

  private void dropped(URI address, ConnectionListener.DropReason reason) {
    if (running.get()) {
      listener.dropped(address, reason);
    }
  }

  private void retry(URI address, BackOff backOff) {
    if (!running.get()) {
      return;
    }
    Duration delay = backOff.nextDelay(System.nanoTime());
    LOG.log(Level.INFO, "Reconnecting to " + address + " in " + delay.toMillis() + " ms");
    group.schedule(() -> connect(address, backOff), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Stops polling: no new connections; open ones are closed after their request in flight. */
  @Override
  public void close() {
    running.set(false);
    work.shutdown();
    try {
      work.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<Channel> open;
    synchronized (channels) {
      open = new ArrayList<>(channels);
    }
    for (Channel channel : open) {
      // END instead of the next NEXT: the server stops sending on this connection.
      channel
          .writeAndFlush(
              new dev.k8sagent.adapters.octopus.halibut.netty.OutboundFrame.Control(
                  dev.k8sagent.adapters.octopus.halibut.wire.ControlLine.END))
          .addListener(io.netty.channel.ChannelFutureListener.CLOSE);
      channel.closeFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
    group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, REQUEST_THREADS + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
