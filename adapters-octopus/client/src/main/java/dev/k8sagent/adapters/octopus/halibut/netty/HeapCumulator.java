package dev.k8sagent.adapters.octopus.halibut.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * Gathers what the socket delivers into heap buffers, for the JDK's TLS engine. The native
 * transports read into direct memory, and the JDK 17 engine decrypts a direct buffer's AES-GCM
 * records with its GHASH in plain Java, block by block ({@code GHASH.processBlocksDirect}), where a
 * heap buffer's go through the CPU's carry-less multiply. In a profile of a 512 MiB upload with the
 * JDK engine, that Java GHASH took more CPU than the decryption itself; one copy into the heap
 * costs far less.
 */
final class HeapCumulator implements ByteToMessageDecoder.Cumulator {
  static final HeapCumulator INSTANCE = new HeapCumulator();

  private HeapCumulator() {}

  @Override
  public ByteBuf cumulate(ByteBufAllocator allocator, ByteBuf cumulation, ByteBuf in) {
    try {
      int required = in.readableBytes();
      if (!cumulation.isDirect()
          && cumulation.refCnt() == 1
          && !cumulation.isReadOnly()
          && cumulation.maxWritableBytes() >= required) {
        return cumulation.writeBytes(in);
      }
      ByteBuf heap = allocator.heapBuffer(cumulation.readableBytes() + required);
      heap.writeBytes(cumulation).writeBytes(in);
      cumulation.release();
      return heap;
    } finally {
      in.release();
    }
  }
}
