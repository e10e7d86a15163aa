package dev.k8sagent.adapters.octopus.halibut.netty;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import dev.k8sagent.adapters.octopus.halibut.wire.ProtocolException;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;

/**
 * Whatever a peer sends, the decoder yields frames or a {@link ProtocolException} — never another
 * failure, never a hang, and no buffer is left unreleased. {@code JAZZER_FUZZ=1 ./mvnw -pl
 * adapters-octopus test -Dtest=InboundFrameDecoderFuzzTest} explores new inputs.
 */
class InboundFrameDecoderFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void any_bytes_give_frames_or_a_protocol_error(@NotNull byte[] bytes) {
    TrackingAllocator allocator = new TrackingAllocator();
    EmbeddedChannel channel = new EmbeddedChannel();
    channel.config().setAllocator(allocator);
    channel.pipeline().addLast(new InboundFrameDecoder(64 * 1024, 1 << 20));
    int split = bytes.length / 2;
    allowingProtocolErrors(
        () -> channel.writeInbound(allocator.track(Unpooled.wrappedBuffer(bytes, 0, split))));
    allowingProtocolErrors(
        () ->
            channel.writeInbound(
                allocator.track(Unpooled.wrappedBuffer(bytes, split, bytes.length - split))));
    allowingProtocolErrors(channel::finish);
    Object frame;
    while ((frame = channel.readInbound()) != null) {
      ReferenceCountUtil.release(frame);
    }

    assertThat(allocator.unreleased())
        .as("buffers the decoder took or made, once its frames are released and it closed")
        .isEmpty();
  }

  private static void allowingProtocolErrors(Runnable step) {
    try {
      step.run();
    } catch (DecoderException e) {
      if (!(e.getCause() instanceof ProtocolException)) {
        throw e;
      }
    }
  }
}
