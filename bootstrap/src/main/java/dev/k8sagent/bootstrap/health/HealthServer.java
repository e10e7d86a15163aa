package dev.k8sagent.bootstrap.health;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The agent's HTTP endpoint for probes and scraping: {@code /healthz} (the process answers), {@code
 * /readyz} (registered, polling, storage healthy; otherwise 503 with the reasons) and {@code
 * /metrics} (Prometheus text format, or OpenMetrics when the {@code Accept} header asks for it).
 */
public final class HealthServer implements AutoCloseable {
  private final Supplier<List<String>> notReady;
  private final Function<String, Exposition> metrics;
  private EventLoopGroup group;
  private Channel listener;

  /**
   * @param notReady the reasons the agent is not ready; empty when it is
   * @param metrics the metrics, in the format a scraper's {@code Accept} header asks for
   */
  public HealthServer(Supplier<List<String>> notReady, Function<String, Exposition> metrics) {
    this.notReady = notReady;
    this.metrics = metrics;
  }

  /**
   * Listens on {@code port} on every interface (0 picks one); returns the port. When the port
   * cannot be bound, nothing is left running.
   */
  public synchronized int start(int port) throws InterruptedException {
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      listener = listen(port);
    } catch (InterruptedException | RuntimeException e) {
      close();
      throw e;
    }
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  private Channel listen(int port) throws InterruptedException {
    return new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childHandler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel channel) {
                channel
                    .pipeline()
                    .addLast(new HttpServerCodec())
                    .addLast(new HttpObjectAggregator(8192))
                    .addLast(new Routes());
              }
            })
        .bind(new InetSocketAddress(port))
        .sync()
        .channel();
  }

  private final class Routes extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      String path = request.uri().replaceFirst("\\?.*$", "");
      FullHttpResponse response =
          switch (path) {
            case "/healthz" -> text(HttpResponseStatus.OK, "ok\n", "text/plain");
            case "/readyz" -> {
              List<String> reasons = notReady.get();
              yield reasons.isEmpty()
                  ? text(HttpResponseStatus.OK, "ready\n", "text/plain")
                  : text(
                      HttpResponseStatus.SERVICE_UNAVAILABLE,
                      "not ready:\n" + String.join("\n", reasons) + "\n",
                      "text/plain");
            }
            case "/metrics" -> {
              Exposition exposition = metrics.apply(request.headers().get(HttpHeaderNames.ACCEPT));
              yield response(
                  HttpResponseStatus.OK,
                  Unpooled.wrappedBuffer(exposition.body()),
                  exposition.contentType());
            }
            default -> text(HttpResponseStatus.NOT_FOUND, "no such endpoint\n", "text/plain");
          };
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  private static FullHttpResponse text(HttpResponseStatus status, String body, String type) {
    return response(
        status, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8), type + "; charset=utf-8");
  }

  private static FullHttpResponse response(
      HttpResponseStatus status, io.netty.buffer.ByteBuf body, String contentType) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    response.headers().set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
    return response;
  }

  @Override
  public synchronized void close() {
    if (listener != null) {
      listener.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
    if (group != null) {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
  }
}
