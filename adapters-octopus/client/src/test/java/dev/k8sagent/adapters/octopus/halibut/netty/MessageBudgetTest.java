package dev.k8sagent.adapters.octopus.halibut.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.k8sagent.adapters.octopus.halibut.bson.NetGuid;
import dev.k8sagent.adapters.octopus.halibut.message.Envelope;
import dev.k8sagent.adapters.octopus.halibut.message.RequestMessage;
import dev.k8sagent.adapters.octopus.halibut.wire.MessageDeflater;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Connections that receive large messages at once share one budget for inflating them. */
class MessageBudgetTest {
  private static final int MAX_MESSAGE = 1024 * 1024;

  @Test
  void a_second_large_message_waits_for_room_and_is_decoded_once_the_first_gives_it_back() {
    MessageBudget budget = new MessageBudget(0, MAX_MESSAGE); // room for one largest message
    EmbeddedChannel first =
        new EmbeddedChannel(new InboundFrameDecoder(MAX_MESSAGE, 1 << 20, budget));
    EmbeddedChannel second =
        new EmbeddedChannel(new InboundFrameDecoder(MAX_MESSAGE, 1 << 20, budget));
    byte[] a = largeRequest(1);
    byte[] b = largeRequest(2);

    first.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOf(a, a.length - 10)));
    second.writeInbound(Unpooled.wrappedBuffer(b));

    assertNull(second.readInbound(), "no room: the second message waits");
    assertFalse(second.config().isAutoRead(), "and its connection stops reading");
    assertTrue(budget.reserved() <= MAX_MESSAGE + 64 * 1024, "within the budget");

    first.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(a, a.length - 10, a.length)));
    assertInstanceOf(InboundFrame.Message.class, first.readInbound());
    second.runPendingTasks();

    InboundFrame.Message message =
        assertInstanceOf(InboundFrame.Message.class, second.readInbound());
    assertEquals("UploadFile", Envelope.readRequest(message.envelope()).orElseThrow().method());
    assertTrue(second.config().isAutoRead(), "reading again");
    assertEquals(0, budget.reserved(), "all given back");
  }

  @Test
  void a_closed_connection_gives_its_room_back() {
    MessageBudget budget = new MessageBudget(0, MAX_MESSAGE);
    EmbeddedChannel channel =
        new EmbeddedChannel(new InboundFrameDecoder(MAX_MESSAGE, 1 << 20, budget));
    byte[] a = largeRequest(3);
    channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOf(a, a.length / 2)));
    assertTrue(budget.reserved() > 0);

    channel.pipeline().removeFirst();

    assertEquals(0, budget.reserved());
  }

  /** A request that inflates to about 900 KiB (random text does not compress). */
  private static byte[] largeRequest(long seed) {
    byte[] text = new byte[900 * 1024];
    Random random = new Random(seed);
    for (int i = 0; i < text.length; i++) {
      text[i] = (byte) ('a' + random.nextInt(26));
    }
    RequestMessage request =
        new RequestMessage(
            "IFileTransferService::UploadFileAsync[1] / x",
            NetGuid.random(),
            "IFileTransferService",
            "UploadFile",
            List.of(new String(text, java.nio.charset.StandardCharsets.US_ASCII)));
    return MessageDeflater.deflate(Envelope.request(Optional.of(request)));
  }
}
