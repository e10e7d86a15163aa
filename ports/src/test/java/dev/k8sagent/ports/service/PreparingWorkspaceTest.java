package dev.k8sagent.ports.service;

import static dev.k8sagent.ports.service.StartScripts.aScript;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k8sagent.domain.files.RelativePath;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.ports.content.Content;
import dev.k8sagent.ports.in.RequestRefused;
import dev.k8sagent.ports.in.ScriptFile;
import dev.k8sagent.ports.in.StartScript;
import dev.k8sagent.ports.out.twins.InMemoryWorkspaces;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PreparingWorkspaceTest {
  private static final ScriptTicket TICKET = new ScriptTicket("Task-1");
  private final InMemoryWorkspaces workspaces =
      new InMemoryWorkspaces("/octopus", Clock.systemUTC());
  private final PreparingWorkspace preparing = new PreparingWorkspace(workspaces);

  @Test
  void the_pod_is_told_where_the_runner_is_and_what_it_runs() {
    PreparingWorkspace.Prepared prepared =
        preparing.prepare(aScript(TICKET).arguments("-v").build());

    assertThat(prepared.directory()).isEqualTo("/octopus/Work/task-1");
    assertThat(prepared.runner()).isEqualTo("/octopus/Work/task-1/k8s-agent-runner.sh");
    assertThat(prepared.runnerArguments())
        .containsExactly("/octopus/Work/task-1", "bash", "Bootstrap.sh", "-v");
    assertThat(workspaces.read(TICKET, RelativePath.parse("Bootstrap.sh"))).isPresent();
  }

  @Test
  void an_encrypted_file_too_large_to_encrypt_is_refused_before_it_is_read() {
    StartScript command =
        aScript(TICKET)
            .file(
                new ScriptFile(
                    RelativePath.parse("variables.json"),
                    new HugeContent(PreparingWorkspace.MAX_ENCRYPTED_FILE_BYTES + 1),
                    Optional.of("pw")))
            .build();

    assertThatThrownBy(() -> preparing.prepare(command))
        .isInstanceOfSatisfying(
            RequestRefused.class,
            refused -> assertThat(refused.reason()).isEqualTo(RequestRefused.Reason.TOO_LARGE))
        .hasMessageContaining("variables.json");
    assertThat(workspaces.read(TICKET, RelativePath.parse("variables.json"))).isEmpty();
  }

  /** Content that claims a size it never delivers; reading it whole would be the mistake. */
  private record HugeContent(long length) implements Content {
    @Override
    public InputStream open() {
      return new ByteArrayInputStream(new byte[0]);
    }
  }
}
