package dev.k8sagent.bootstrap.runtime;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.k8sagent.adapters.storage.DirectoryFileStore;
import dev.k8sagent.adapters.storage.DirectoryWorkspaces;
import dev.k8sagent.bootstrap.config.AgentSettings;
import dev.k8sagent.ports.out.FileStore;
import dev.k8sagent.ports.out.Workspaces;
import java.nio.file.Path;

/** Task workspaces and the server's files in the home directory on the shared volume. */
final class StorageModule extends AbstractModule {
  private final AgentSettings settings;

  StorageModule(AgentSettings settings) {
    this.settings = settings;
  }

  @Provides
  @Singleton
  Workspaces workspaces() {
    return new DirectoryWorkspaces(Path.of(settings.home()), settings.home());
  }

  @Provides
  @Singleton
  FileStore fileStore() {
    return new DirectoryFileStore(Path.of(settings.home()), settings.home());
  }
}
