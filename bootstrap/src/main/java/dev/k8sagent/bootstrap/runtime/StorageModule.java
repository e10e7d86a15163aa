package dev.k8sagent.bootstrap.runtime;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.k8sagent.adapters.storage.DirectoryFileStore;
import dev.k8sagent.adapters.storage.DirectoryWorkspaces;
import dev.k8sagent.adapters.storage.NfsWatchdog;
import dev.k8sagent.bootstrap.config.AgentSettings;
import dev.k8sagent.ports.out.FileStore;
import dev.k8sagent.ports.out.Workspaces;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Task workspaces and the server's files in the home directory on the shared volume, and the
 * volume's watchdog.
 */
final class StorageModule extends AbstractModule {
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

  @Provides
  @Singleton
  Workspaces workspaces(AgentSettings settings) {
    String home = settings.storage().home();
    return new DirectoryWorkspaces(Path.of(home), home);
  }

  @Provides
  @Singleton
  NfsWatchdog storageWatchdog(AgentSettings settings, Clock clock) {
    return NfsWatchdog.forDirectory(Path.of(settings.storage().home()), PROBE_TIMEOUT, clock);
  }

  @Provides
  @Singleton
  FileStore fileStore(AgentSettings settings) {
    String home = settings.storage().home();
    return new DirectoryFileStore(Path.of(home), home);
  }
}
