package dev.k8sagent.bootstrap.runtime;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.k8sagent.adapters.k8s.FixedClusterInfo;
import dev.k8sagent.adapters.k8s.local.LocalProcessScriptPods;
import dev.k8sagent.adapters.storage.FileAgentStateStore;
import dev.k8sagent.bootstrap.config.AgentSettings;
import dev.k8sagent.ports.out.AgentStateStore;
import dev.k8sagent.ports.out.ClusterInfo;
import dev.k8sagent.ports.out.ScriptPods;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** No cluster: tasks are local processes and the state is a file. */
final class LocalModule extends AbstractModule {
  @Provides
  @Singleton
  LocalProcessScriptPods localPods(Clock clock) {
    return new LocalProcessScriptPods(clock, Duration.ofSeconds(10));
  }

  @Provides
  ScriptPods pods(LocalProcessScriptPods pods) {
    return pods;
  }

  @Provides
  PodsLifecycle lifecycle(LocalProcessScriptPods pods) {
    return new PodsLifecycle() {
      @Override
      public void start() {}

      @Override
      public void close() {
        pods.close();
      }
    };
  }

  /** No cluster, so no Kubernetes Events. */
  @Provides
  @Singleton
  AgentEvents events() {
    return AgentEvents.none();
  }

  @Provides
  @Singleton
  ClusterInfo cluster() {
    return new FixedClusterInfo(Optional.empty());
  }

  @Provides
  @Singleton
  AgentStateStore store(AgentSettings settings) {
    return new FileAgentStateStore(
        settings
            .storage()
            .stateFile()
            .orElse(Path.of(settings.storage().home(), ".k8s-agent", "state.properties")));
  }
}
