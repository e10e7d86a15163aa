package dev.k8sagent.ports.out.twins;

import dev.k8sagent.domain.files.RelativePath;
import dev.k8sagent.ports.content.Content;
import dev.k8sagent.ports.out.StoredFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** What the in-memory volume twins share: reading a write whole, and describing what was stored. */
final class InMemoryFiles {
  private InMemoryFiles() {}

  /** The whole content, or an error naming the path; nothing is kept from a failed read. */
  static byte[] readFully(InputStream content, RelativePath path) {
    try (InputStream in = content) {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      in.transferTo(buffer);
      return buffer.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("Writing " + path + " failed: " + e.getMessage(), e);
    }
  }

  /** The whole content, written out as a store does; nothing is kept from a failed read. */
  static byte[] readFully(Content content, RelativePath path) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try {
      content.transferTo(Channels.newChannel(buffer));
      return buffer.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("Writing " + path + " failed: " + e.getMessage(), e);
    }
  }

  static StoredFile stored(String fullPath, byte[] bytes) {
    return new StoredFile(fullPath, bytes.length, hex("SHA-1", bytes));
  }

  /** The home as pods see it, without a trailing slash. */
  static String home(String home) {
    return home.endsWith("/") ? home.substring(0, home.length() - 1) : home;
  }

  private static String hex(String algorithm, byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is missing from this JDK", e);
    }
  }
}
