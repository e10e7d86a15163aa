package dev.k8sagent.adapters.octopus.halibut.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.lang.System.Logger.Level;
import java.net.SocketOption;
import java.util.Optional;

/**
 * Acknowledges what the server sent as soon as it is read, instead of after Linux's delayed-ACK
 * timer (~40 ms).
 *
 * <p>Why: Halibut's and Tentacle's {@code TcpNoDelay} default is {@code false}, so the server's
 * Nagle algorithm holds a small write (the next request, right after {@code PROCEED}) until the
 * agent acknowledges the previous one; the agent has nothing to send back in between, so the ACK
 * would wait for the timer, about 40 ms per request. Linux clears {@code TCP_QUICKACK} on its own,
 * so it is set again after every read; setting it also sends an ACK that is pending. Epoll sets it
 * natively; NIO through the JDK's {@code jdk.net.ExtendedSocketOptions.TCP_QUICKACK} where the
 * platform has it. Elsewhere this handler does nothing.
 */
@ChannelHandler.Sharable
public final class QuickAck extends ChannelInboundHandlerAdapter {
  public static final QuickAck INSTANCE = new QuickAck();

  private static final System.Logger LOG = System.getLogger(QuickAck.class.getName());
  private static final Optional<NioChannelOption<Boolean>> NIO_QUICK_ACK = nioOption();

  private QuickAck() {}

  /** Whether {@code channel} can acknowledge at once on this platform. */
  public static boolean supported(Channel channel) {
    return channel instanceof EpollSocketChannel
        || (channel instanceof NioSocketChannel && NIO_QUICK_ACK.isPresent());
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
    Channel channel = ctx.channel();
    if (channel instanceof EpollSocketChannel epoll) {
      epoll.config().setTcpQuickAck(true);
    } else if (channel instanceof NioSocketChannel && NIO_QUICK_ACK.isPresent()) {
      channel.config().setOption(NIO_QUICK_ACK.get(), true);
    }
    super.channelReadComplete(ctx);
  }

  @SuppressWarnings("unchecked")
  private static Optional<NioChannelOption<Boolean>> nioOption() {
    if (!System.getProperty("os.name", "").startsWith("Linux")) {
      return Optional.empty(); // the JDK names the option elsewhere too, but cannot set it
    }
    try {
      Class<?> options = Class.forName("jdk.net.ExtendedSocketOptions");
      SocketOption<Boolean> option =
          (SocketOption<Boolean>) options.getField("TCP_QUICKACK").get(null);
      return Optional.of((NioChannelOption<Boolean>) NioChannelOption.of(option));
    } catch (ReflectiveOperationException | LinkageError e) {
      LOG.log(Level.DEBUG, "TCP_QUICKACK is not offered by this JDK: " + e);
      return Optional.empty();
    }
  }
}
