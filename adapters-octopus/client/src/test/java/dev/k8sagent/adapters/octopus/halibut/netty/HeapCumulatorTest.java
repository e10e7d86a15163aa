package dev.k8sagent.adapters.octopus.halibut.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeapCumulatorTest {
  private final PooledByteBufAllocator allocator = PooledByteBufAllocator.DEFAULT;

  @Test
  void direct_reads_are_gathered_into_one_heap_buffer_in_order_and_released() {
    ByteBuf first = direct("hello ");
    ByteBuf second = direct("world");

    ByteBuf cumulation = HeapCumulator.INSTANCE.cumulate(allocator, Unpooled.EMPTY_BUFFER, first);
    cumulation = HeapCumulator.INSTANCE.cumulate(allocator, cumulation, second);

    assertFalse(cumulation.isDirect());
    assertEquals("hello world", cumulation.toString(StandardCharsets.US_ASCII));
    assertEquals(0, first.refCnt());
    assertEquals(0, second.refCnt());
    cumulation.release();
  }

  @Test
  void a_cumulation_someone_else_holds_is_left_as_it_was() {
    ByteBuf held = allocator.heapBuffer(64).writeBytes("abc".getBytes(StandardCharsets.US_ASCII));
    ByteBuf passedOn = held.retainedSlice(); // still in use by whoever it was passed to

    ByteBuf cumulation = HeapCumulator.INSTANCE.cumulate(allocator, held, direct("def"));

    assertEquals("abcdef", cumulation.toString(StandardCharsets.US_ASCII));
    assertEquals("abc", passedOn.toString(StandardCharsets.US_ASCII));
    assertEquals(1, passedOn.refCnt());
    passedOn.release();
    cumulation.release();
  }

  private ByteBuf direct(String text) {
    return allocator.directBuffer().writeBytes(text.getBytes(StandardCharsets.US_ASCII));
  }
}
