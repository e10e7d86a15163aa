package dev.k8sagent.adapters.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k8sagent.domain.files.RelativePath;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.ports.out.WorkspaceSummary;
import dev.k8sagent.ports.out.Workspaces;
import dev.k8sagent.ports.out.contract.TestStreams;
import dev.k8sagent.ports.out.contract.WorkspacesContract;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryWorkspacesTest extends WorkspacesContract {
  @TempDir Path volume;
  @TempDir Path outside;

  @Override
  protected Workspaces workspaces() {
    return new DirectoryWorkspaces(volume, HOME);
  }

  @Test
  void a_symbolic_link_out_of_the_home_is_refused_for_writes_and_reads() throws Exception {
    DirectoryWorkspaces workspaces = new DirectoryWorkspaces(volume, HOME);
    ScriptTicket ticket = new ScriptTicket("linked");
    workspaces.create(ticket);
    Path workspace = workspaces.workspaceDirectory(ticket);
    Files.createSymbolicLink(workspace.resolve("escape"), outside);
    Files.writeString(outside.resolve("secret.txt"), "do not read");

    assertThatThrownBy(
            () -> workspaces.write(ticket, RelativePath.parse("escape/x.sh"), text("x"), false))
        .hasMessageContaining("leads outside the agent home");
    assertThatThrownBy(() -> workspaces.read(ticket, RelativePath.parse("escape/secret.txt")))
        .hasMessageContaining("leads outside the agent home");
    assertThat(outside.resolve("x.sh")).doesNotExist();
  }

  @Test
  void an_executable_file_keeps_its_executable_bit() throws Exception {
    DirectoryWorkspaces workspaces = new DirectoryWorkspaces(volume, HOME);
    ScriptTicket ticket = new ScriptTicket("exec");
    workspaces.create(ticket);

    workspaces.write(ticket, RelativePath.parse("runner.sh"), text("#!/bin/sh\n"), true);

    assertThat(Files.isExecutable(workspaces.workspaceDirectory(ticket).resolve("runner.sh")))
        .isTrue();
  }

  @Test
  void a_failed_write_leaves_no_temporary_file_behind() throws Exception {
    DirectoryWorkspaces workspaces = new DirectoryWorkspaces(volume, HOME);
    ScriptTicket ticket = new ScriptTicket("crash");
    workspaces.create(ticket);

    assertThatThrownBy(
            () ->
                workspaces.write(
                    ticket,
                    RelativePath.parse("big.bin"),
                    new TestStreams.FailingStream(200_000),
                    false))
        .hasMessageContaining("Writing big.bin failed");

    try (Stream<Path> files = Files.list(workspaces.workspaceDirectory(ticket))) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void directories_that_are_not_tickets_are_not_listed() throws Exception {
    DirectoryWorkspaces workspaces = new DirectoryWorkspaces(volume, HOME);
    Files.createDirectories(volume.resolve("Work").resolve(".hidden"));
    Files.writeString(volume.resolve("Work").resolve("stray-file"), "x");
    workspaces.create(new ScriptTicket("real"));

    assertThat(workspaces.list())
        .extracting(WorkspaceSummary::ticket)
        .containsExactly(new ScriptTicket("real"));
  }

  private static ByteArrayInputStream text(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  @org.junit.jupiter.api.Test
  void a_script_pod_running_as_another_user_can_write_in_its_workspace() throws Exception {
    DirectoryWorkspaces shared = new DirectoryWorkspaces(sharedHome, "/octopus");
    shared.create(new dev.k8sagent.domain.task.ScriptTicket("other-user"));
    java.nio.file.Path directory = sharedHome.resolve("Work").resolve("other-user");
    org.assertj.core.api.Assertions.assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(directory)))
        .isEqualTo("rwxrwxrwx");
  }

  @org.junit.jupiter.api.io.TempDir java.nio.file.Path sharedHome;
}
