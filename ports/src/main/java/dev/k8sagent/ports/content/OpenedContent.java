package dev.k8sagent.ports.content;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * A file opened once and held open for one piece of work: its {@link #length()} was taken from the
 * opened file, and every stream reads that same opened file, so what was checked is what is read
 * even when the name is given to another file meanwhile. The holder closes it when the work is
 * done; it is never kept between calls (a file system caching attributes would hide later lines).
 */
public interface OpenedContent extends Content, Closeable {

  /** Lets go of the file; streams opened from it read nothing more. Never throws. */
  @Override
  void close();

  /** Contents that are opened anew by each stream (in-memory files): nothing to let go of. */
  static OpenedContent of(Content content) {
    return new OpenedContent() {
      @Override
      public long length() {
        return content.length();
      }

      @Override
      public InputStream open() throws IOException {
        return content.open();
      }

      @Override
      public InputStream openAt(long offset) throws IOException {
        return content.openAt(offset);
      }

      @Override
      public void close() {
        // each stream is its own
      }

      @Override
      public String toString() {
        return content.toString();
      }
    };
  }
}
