package dev.k8sagent.adapters.storage;

import dev.k8sagent.domain.target.SubscriptionId;
import dev.k8sagent.domain.target.Thumbprint;
import dev.k8sagent.ports.out.AgentIdentity;
import dev.k8sagent.ports.out.AgentState;
import dev.k8sagent.ports.out.AgentStateStore;
import dev.k8sagent.ports.out.StateConflictException;
import dev.k8sagent.ports.out.StoredAgentState;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@link AgentStateStore} in one file readable only by its owner: for an agent run outside a
 * cluster, and the demo. Saves write a temporary file and rename it into place under a lock file,
 * so a reader never sees half a state and two processes cannot overwrite each other unknowingly.
 */
public final class FileAgentStateStore implements AgentStateStore {
  private final Path file;
  private final Path lock;

  public FileAgentStateStore(Path file) {
    this.file = file;
    this.lock = file.resolveSibling(file.getFileName() + ".lock");
  }

  @Override
  public Optional<StoredAgentState> load() {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the agent state in " + file, e);
    }
    return Optional.of(new StoredAgentState(state(properties), revision(properties)));
  }

  @Override
  public StoredAgentState save(AgentState state, long expectedRevision) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (FileChannel channel =
              FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock held = channel.lock()) {
        long actual = load().map(StoredAgentState::revision).orElse(StoredAgentState.NEVER_SAVED);
        if (actual != expectedRevision) {
          throw new StateConflictException(expectedRevision, actual);
        }
        long next = actual + 1;
        Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".state-", ".tmp");
        try {
          restrict(temporary);
          try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
            properties(state, next).store(writer, "k8s-agent state: keep private");
          }
          try (FileChannel written = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            written.force(true);
          }
          try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
          } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
          }
        } finally {
          Files.deleteIfExists(temporary);
        }
        return new StoredAgentState(state, next);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot save the agent state to " + file, e);
    }
  }

  private static void restrict(Path path) throws IOException {
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system; the directory's own protection applies
    }
  }

  private static Properties properties(AgentState state, long revision) {
    Properties properties = new Properties();
    properties.setProperty("revision", Long.toString(revision));
    state
        .identity()
        .ifPresent(
            identity -> {
              properties.setProperty("certificate", identity.certificatePem());
              properties.setProperty("privateKey", identity.privateKeyPem());
              properties.setProperty("thumbprint", identity.thumbprint().hex());
            });
    state.subscriptionId().ifPresent(id -> properties.setProperty("subscriptionId", id.uri()));
    if (!state.trustedServers().isEmpty()) {
      properties.setProperty(
          "trustedServers",
          state.trustedServers().stream()
              .map(Thumbprint::hex)
              .sorted()
              .collect(Collectors.joining(",")));
    }
    state.machineId().ifPresent(id -> properties.setProperty("machineId", id));
    return properties;
  }

  private AgentState state(Properties properties) {
    Optional<AgentIdentity> identity =
        Optional.ofNullable(properties.getProperty("certificate"))
            .map(
                certificate ->
                    new AgentIdentity(
                        certificate,
                        properties.getProperty("privateKey", ""),
                        new Thumbprint(properties.getProperty("thumbprint", ""))));
    Set<Thumbprint> trusted =
        Arrays.stream(properties.getProperty("trustedServers", "").split(","))
            .filter(s -> !s.isBlank())
            .map(Thumbprint::new)
            .collect(Collectors.toSet());
    return new AgentState(
        identity,
        Optional.ofNullable(properties.getProperty("subscriptionId")).map(SubscriptionId::new),
        trusted,
        Optional.ofNullable(properties.getProperty("machineId")));
  }

  private long revision(Properties properties) {
    try {
      return Long.parseLong(properties.getProperty("revision", "1"));
    } catch (NumberFormatException e) {
      throw new IllegalStateException("The agent state in " + file + " has a broken revision");
    }
  }

  @Override
  public String toString() {
    return "FileAgentStateStore[" + file + "]";
  }
}
