package dev.k8sagent.adapters.octopus.halibut.netty;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.EmptyByteBuf;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * An allocator that keeps every buffer it hands out, so a test can assert that each one was
 * released. Netty's leak detector only logs, and only for a sample; this sees every buffer.
 */
final class TrackingAllocator extends AbstractByteBufAllocator {
  private final List<ByteBuf> handedOut = new ArrayList<>();

  TrackingAllocator() {
    super(false);
  }

  /**
   * Tracks a buffer made elsewhere, such as the bytes a test feeds in. Netty's shared empty buffer
   * holds nothing and is never released, so it is not tracked.
   */
  synchronized <T extends ByteBuf> T track(T buffer) {
    if (!(buffer instanceof EmptyByteBuf)) {
      handedOut.add(buffer);
    }
    return buffer;
  }

  /** Buffers that still hold a reference; empty when everything was released. */
  synchronized List<ByteBuf> unreleased() {
    return handedOut.stream().filter(b -> b.refCnt() > 0).toList();
  }

  @Override
  protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
    return track(new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity));
  }

  @Override
  protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
    return track(new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity));
  }

  @Override
  public CompositeByteBuf compositeHeapBuffer(int maxNumComponents) {
    return track(new CompositeByteBuf(this, false, maxNumComponents));
  }

  @Override
  public CompositeByteBuf compositeDirectBuffer(int maxNumComponents) {
    return track(new CompositeByteBuf(this, true, maxNumComponents));
  }

  @Override
  public boolean isDirectBufferPooled() {
    return false;
  }
}
