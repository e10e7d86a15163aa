package dev.k8sagent.adapters.octopus.halibut.netty;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.k8sagent.adapters.octopus.halibut.wire.ProtocolException;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class IdentificationDeadlineTest {
  private static final Duration WITHIN = Duration.ofSeconds(60);

  @Test
  void a_server_that_reads_the_identity_and_never_answers_loses_the_connection() {
    List<Throwable> errors = new ArrayList<>();
    EmbeddedChannel channel = agent(errors);
    channel.readOutbound(); // the agent's preamble and identity went out

    channel.advanceTimeBy(WITHIN.toSeconds() - 1, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
    assertTrue(channel.isOpen(), "the server still has time");
    channel.advanceTimeBy(2, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();

    assertFalse(channel.isOpen());
    ProtocolException why = assertInstanceOf(ProtocolException.class, errors.get(0));
    assertTrue(why.getMessage().contains("did not identify itself"), why.getMessage());
  }

  @Test
  void a_server_that_identifies_itself_in_time_keeps_the_connection_and_the_deadline_goes() {
    List<Throwable> errors = new ArrayList<>();
    EmbeddedChannel channel = agent(errors);
    channel.advanceTimeBy(WITHIN.toSeconds() - 1, TimeUnit.SECONDS);
    channel.writeInbound(Unpooled.copiedBuffer("MX-SERVER 1.0\r\n\r\n", StandardCharsets.US_ASCII));

    channel.advanceTimeBy(10 * WITHIN.toSeconds(), TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();

    assertTrue(channel.isOpen());
    assertTrue(errors.isEmpty(), errors::toString);
    assertNull(channel.pipeline().get(IdentificationDeadline.class), "it left the pipeline");
  }

  private static EmbeddedChannel agent(List<Throwable> errors) {
    return new EmbeddedChannel(
        new SubscriberHandshakeHandler(
            "poll://abcdefghjk23456789ab/", "AB", SubscriberHandshakeHandler.Start.ON_CONNECT),
        new IdentificationDeadline(WITHIN),
        new ChannelInboundHandlerAdapter() {
          @Override
          public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            errors.add(cause);
          }
        });
  }
}
