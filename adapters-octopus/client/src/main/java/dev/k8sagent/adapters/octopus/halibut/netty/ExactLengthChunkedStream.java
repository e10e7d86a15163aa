package dev.k8sagent.adapters.octopus.halibut.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.stream.ChunkedInput;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;

/**
 * Sends exactly {@code length} bytes of a stream in chunks, read only as fast as the socket takes
 * them. Each chunk is read from the content's channel straight into the buffer that goes to the
 * socket, so a file is copied once, by the kernel. A stream that ends early fails the write: the
 * peer would lose its place otherwise, so the connection is dropped rather than padded.
 */
final class ExactLengthChunkedStream implements ChunkedInput<ByteBuf> {
  private static final int CHUNK = 64 * 1024;

  private final ReadableByteChannel in;
  private final long length;
  private final String what;
  private long sent;

  ExactLengthChunkedStream(ReadableByteChannel in, long length, String what) {
    this.in = in;
    this.length = length;
    this.what = what;
  }

  @Override
  public boolean isEndOfInput() {
    return sent >= length;
  }

  @Override
  public void close() throws Exception {
    in.close();
  }

  @Deprecated
  @Override
  public ByteBuf readChunk(io.netty.channel.ChannelHandlerContext ctx) throws Exception {
    return readChunk(ctx.alloc());
  }

  @Override
  public ByteBuf readChunk(ByteBufAllocator allocator) throws Exception {
    if (isEndOfInput()) {
      return null;
    }
    int size = (int) Math.min(CHUNK, length - sent);
    ByteBuf buffer = allocator.buffer(size);
    boolean ok = false;
    try {
      int read = in.read(buffer.nioBuffer(buffer.writerIndex(), size));
      if (read < 0) {
        throw new IOException(
            what
                + " ended after "
                + sent
                + " of its "
                + length
                + " bytes; dropping the connection");
      }
      buffer.writerIndex(buffer.writerIndex() + read);
      sent += read;
      ok = true;
      return buffer;
    } finally {
      if (!ok) {
        buffer.release();
      }
    }
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public long progress() {
    return sent;
  }
}
