package dev.k8sagent.adapters.octopus.halibut.netty;

import dev.k8sagent.adapters.octopus.halibut.bson.NetGuid;
import dev.k8sagent.ports.content.Content;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Holds the data streams of one message in temporary files while they arrive, as Halibut does, so a
 * 1 GiB upload never sits in memory; the files are deleted once the request has been answered.
 */
final class StreamSpool implements AutoCloseable {
  private final Path directory;
  private final Map<NetGuid, Path> files = new LinkedHashMap<>();
  private final List<FileChannel> open = new ArrayList<>();
  private FileChannel current;
  private NetGuid currentId;

  StreamSpool(Path directory) {
    this.directory = directory;
  }

  void append(NetGuid id, ByteBuf bytes) {
    try {
      if (!id.equals(currentId)) {
        Files.createDirectories(directory);
        Path file = Files.createTempFile(directory, "halibut-stream-", ".tmp");
        files.put(id, file);
        current = FileChannel.open(file, StandardOpenOption.WRITE);
        open.add(current);
        currentId = id;
      }
      while (bytes.isReadable()) {
        bytes.readBytes(current, bytes.readableBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot hold an incoming data stream in " + directory, e);
    }
  }

  /** Marks a stream complete (an empty stream gets an empty file). */
  void end(NetGuid id) {
    try {
      if (!files.containsKey(id)) {
        Files.createDirectories(directory);
        files.put(id, Files.createTempFile(directory, "halibut-stream-", ".tmp"));
      }
      if (current != null) {
        current.close();
        current = null;
      }
      currentId = null;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot finish an incoming data stream in " + directory, e);
    }
  }

  Map<NetGuid, Content> contents() {
    Map<NetGuid, Content> out = new LinkedHashMap<>();
    files.forEach((id, file) -> out.put(id, Content.ofFile(file)));
    return out;
  }

  @Override
  public void close() {
    for (FileChannel channel : open) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // deleting the file below is what matters
      }
    }
    for (Path file : files.values()) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a leftover temp file is cleaned at the next start
      }
    }
    files.clear();
    open.clear();
  }
}
