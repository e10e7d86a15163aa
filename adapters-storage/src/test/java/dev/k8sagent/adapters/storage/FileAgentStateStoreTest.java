package dev.k8sagent.adapters.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k8sagent.domain.target.SubscriptionId;
import dev.k8sagent.ports.out.AgentState;
import dev.k8sagent.ports.out.AgentStateStore;
import dev.k8sagent.ports.out.StoredAgentState;
import dev.k8sagent.ports.out.contract.AgentStateStoreContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileAgentStateStoreTest extends AgentStateStoreContract {
  @TempDir Path directory;

  @Override
  protected AgentStateStore store() {
    return new FileAgentStateStore(directory.resolve("state/agent.properties"));
  }

  @Test
  void the_file_is_private_and_no_temporary_file_is_left() throws Exception {
    store()
        .save(
            AgentState.EMPTY.withSubscriptionId(new SubscriptionId("poll://abcdefghij0123456789/")),
            StoredAgentState.NEVER_SAVED);
    Path file = directory.resolve("state/agent.properties");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    try (var files = Files.list(file.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("agent.properties", "agent.properties.lock");
    }
  }
}
