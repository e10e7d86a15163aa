package dev.k8sagent.adapters.octopus.halibut.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExactLengthChunkedStreamTest {
  @TempDir Path temp;

  @Test
  void a_file_is_sent_whole_into_direct_and_heap_buffers() throws Exception {
    byte[] bytes = new byte[200_000];
    new Random(7).nextBytes(bytes);
    Path file = Files.write(temp.resolve("data.bin"), bytes);

    assertArrayEquals(bytes, sent(file, bytes.length, PooledByteBufAllocator.DEFAULT));
    assertArrayEquals(bytes, sent(file, bytes.length, new UnpooledByteBufAllocator(false)));
  }

  @Test
  void a_file_longer_than_declared_is_sent_only_to_its_declared_length() throws Exception {
    byte[] bytes = new byte[100_000];
    new Random(8).nextBytes(bytes);
    Path file = Files.write(temp.resolve("grown.bin"), bytes);

    assertArrayEquals(
        java.util.Arrays.copyOf(bytes, 70_000), sent(file, 70_000, PooledByteBufAllocator.DEFAULT));
  }

  @Test
  void a_file_shorter_than_declared_fails_the_write_naming_how_far_it_got() throws Exception {
    Path file = Files.write(temp.resolve("short.bin"), new byte[100_000]);

    IOException e =
        assertThrows(IOException.class, () -> sent(file, 150_000, PooledByteBufAllocator.DEFAULT));
    assertTrue(e.getMessage().contains("ended after 100000 of its 150000 bytes"), e.getMessage());
  }

  private static byte[] sent(Path file, long length, ByteBufAllocator allocator) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ExactLengthChunkedStream stream =
        new ExactLengthChunkedStream(
            FileChannel.open(file, StandardOpenOption.READ), length, "Data stream x");
    try {
      while (!stream.isEndOfInput()) {
        ByteBuf chunk = stream.readChunk(allocator);
        try {
          chunk.readBytes(out, chunk.readableBytes());
        } finally {
          chunk.release();
        }
      }
    } finally {
      stream.close();
    }
    return out.toByteArray();
  }
}
