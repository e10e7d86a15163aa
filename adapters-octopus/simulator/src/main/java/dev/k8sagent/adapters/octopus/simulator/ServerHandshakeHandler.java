package dev.k8sagent.adapters.octopus.simulator;

import dev.k8sagent.adapters.octopus.halibut.netty.ByteSearch;
import dev.k8sagent.adapters.octopus.halibut.netty.OutboundFrame;
import dev.k8sagent.adapters.octopus.halibut.wire.Lines;
import dev.k8sagent.adapters.octopus.halibut.wire.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;

/**
 * The server's side of the handshake, as Octopus Server does it: reads the {@code MX} preamble,
 * closes silently when the client certificate is not trusted, reads {@code MX-SUBSCRIBER 1.0
 * <subscription>} and its empty line, answers {@code MX-SERVER 1.0}, then leaves the pipeline and
 * fires {@link Subscribed}.
 */
public final class ServerHandshakeHandler extends ByteToMessageDecoder {
  /** A subscriber identified itself with this subscription id. */
  public record Subscribed(String subscriptionId) {}

  private final Predicate<ChannelHandlerContext> clientTrusted;
  private final java.util.function.BooleanSupplier staySilent;
  private boolean preambleRead;
  private boolean silent;

  public ServerHandshakeHandler(Predicate<ChannelHandlerContext> clientTrusted) {
    this(clientTrusted, () -> false);
  }

  /**
   * @param staySilent asked once per connection, after the identity is read: whether to leave it
   *     unanswered (a fault test's server that never says {@code MX-SERVER})
   */
  public ServerHandshakeHandler(
      Predicate<ChannelHandlerContext> clientTrusted,
      java.util.function.BooleanSupplier staySilent) {
    this.clientTrusted = clientTrusted;
    this.staySilent = staySilent;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (silent) {
      in.skipBytes(in.readableBytes());
      return;
    }
    if (!preambleRead) {
      int end = ByteSearch.indexOf(in, "\n\n", "\n\r\n");
      if (end < 0) {
        if (in.readableBytes() > 20_000) {
          throw new ProtocolException("No MX preamble in the first 20000 bytes");
        }
        return;
      }
      String preamble =
          in.readCharSequence(end - in.readerIndex(), StandardCharsets.UTF_8).toString();
      in.skipBytes(in.getByte(in.readerIndex() + 1) == '\r' ? 3 : 2);
      if (!preamble.startsWith("MX")) {
        ctx.close();
        return;
      }
      if (!clientTrusted.test(ctx)) {
        ctx.close(); // like Octopus Server: no word to an untrusted client
        return;
      }
      preambleRead = true;
    }
    int end = ByteSearch.indexOf(in, "\r\n\r\n");
    if (end < 0) {
      return;
    }
    String line = in.readCharSequence(end - in.readerIndex(), StandardCharsets.UTF_8).toString();
    in.skipBytes(4);
    String[] words = line.trim().split(" +");
    if (words.length < 3 || !words[0].equals(Lines.SUBSCRIBER_IDENTITY)) {
      throw new ProtocolException("Expected MX-SUBSCRIBER but got '" + Lines.printable(line) + "'");
    }
    if (staySilent.getAsBoolean()) {
      silent = true;
      return;
    }
    ctx.writeAndFlush(new OutboundFrame.Handshake(Lines.serverIdentity()));
    ctx.pipeline().remove(this);
    ctx.fireUserEventTriggered(new Subscribed(words[2]));
  }
}
