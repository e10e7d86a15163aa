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
        .hasMessageContaining("is a symbolic link on the volume");
    assertThatThrownBy(() -> workspaces.read(ticket, RelativePath.parse("escape/secret.txt")))
        .hasMessageContaining("is a symbolic link on the volume");
    assertThat(outside.resolve("x.sh")).doesNotExist();
  }

  @Test
  void an_upload_through_a_link_creates_nothing_outside_the_home() throws Exception {
    DirectoryWorkspaces workspaces = new DirectoryWorkspaces(volume, HOME);
    ScriptTicket ticket = new ScriptTicket("planted");
    workspaces.create(ticket);
    Files.createSymbolicLink(workspaces.workspaceDirectory(ticket).resolve("lnk"), outside);

    assertThatThrownBy(
            () ->
                workspaces.write(ticket, RelativePath.parse("lnk/newdir/f.txt"), text("x"), false))
        .hasMessageContaining("lnk is a symbolic link on the volume");
    assertThat(outside.resolve("newdir")).doesNotExist();
  }

  @Test
  void a_path_through_a_file_is_no_file_for_a_read_and_a_failure_for_a_write() throws Exception {
    DirectoryWorkspaces workspaces = new DirectoryWorkspaces(volume, HOME);
    ScriptTicket ticket = new ScriptTicket("flat");
    workspaces.create(ticket);
    workspaces.write(ticket, RelativePath.parse("plain.txt"), text("x"), false);

    assertThat(workspaces.read(ticket, RelativePath.parse("plain.txt/inner.txt"))).isEmpty();
    assertThatThrownBy(
            () ->
                workspaces.write(
                    ticket, RelativePath.parse("plain.txt/inner.txt"), text("y"), false))
        .hasMessageContaining("Writing plain.txt/inner.txt failed");
  }

  @Test
  void a_link_is_refused_even_when_it_stays_inside_the_home() throws Exception {
    DirectoryWorkspaces workspaces = new DirectoryWorkspaces(volume, HOME);
    ScriptTicket mine = new ScriptTicket("mine");
    ScriptTicket other = new ScriptTicket("other");
    workspaces.create(mine);
    workspaces.create(other);
    workspaces.write(other, RelativePath.parse("secret.txt"), text("another task's"), false);
    Files.createSymbolicLink(
        workspaces.workspaceDirectory(mine).resolve("peek.txt"),
        workspaces.workspaceDirectory(other).resolve("secret.txt"));

    assertThatThrownBy(() -> workspaces.read(mine, RelativePath.parse("peek.txt")))
        .hasMessageContaining("is a symbolic link on the volume");
  }

  @Test
  void a_file_swapped_for_a_link_after_the_check_is_not_read_through_it() throws Exception {
    ScriptTicket ticket = new ScriptTicket("swapped");
    DirectoryWorkspaces workspaces = workspaceWith(ticket, "out.txt", "benign");
    Files.writeString(outside.resolve("secret.txt"), "do not read");
    var content = workspaces.read(ticket, RelativePath.parse("out.txt")).orElseThrow();

    Path file = workspaces.workspaceDirectory(ticket).resolve("out.txt");
    Files.delete(file);
    Files.createSymbolicLink(file, outside.resolve("secret.txt"));

    assertThatThrownBy(content::open).hasMessageContaining("no longer a regular file");
  }

  @Test
  void deleting_a_workspace_removes_the_links_a_script_planted_not_what_they_point_to()
      throws Exception {
    ScriptTicket ticket = new ScriptTicket("planted");
    DirectoryWorkspaces workspaces = workspaceWith(ticket, "deep/er/out.txt", "mine");
    Path workspace = workspaces.workspaceDirectory(ticket);
    Files.createDirectories(outside.resolve("dir"));
    Files.writeString(outside.resolve("dir/keep.txt"), "not the agent's");
    Files.writeString(outside.resolve("keep.txt"), "not the agent's either");
    Files.createSymbolicLink(workspace.resolve("deep/dir-link"), outside.resolve("dir"));
    Files.createSymbolicLink(workspace.resolve("deep/er/file-link"), outside.resolve("keep.txt"));

    workspaces.delete(ticket);

    assertThat(workspace).doesNotExist();
    assertThat(outside.resolve("dir/keep.txt")).hasContent("not the agent's");
    assertThat(outside.resolve("keep.txt")).hasContent("not the agent's either");
  }

  @Test
  void an_opened_file_swapped_for_a_link_is_still_read_from_the_file_that_was_opened()
      throws Exception {
    ScriptTicket ticket = new ScriptTicket("held");
    DirectoryWorkspaces workspaces = workspaceWith(ticket, "out.txt", "benign");
    Files.writeString(outside.resolve("secret.txt"), "do not read this");
    Path file = workspaces.workspaceDirectory(ticket).resolve("out.txt");

    try (var opened = workspaces.open(ticket, RelativePath.parse("out.txt")).orElseThrow()) {
      Files.delete(file);
      Files.createSymbolicLink(file, outside.resolve("secret.txt"));

      assertThat(opened.length()).isEqualTo(6);
      assertThat(readAll(opened.openAt(0))).isEqualTo("benign");
    }
    // the next request's open finds the link and refuses it
    assertThatThrownBy(() -> workspaces.open(ticket, RelativePath.parse("out.txt")))
        .hasMessageContaining("is a symbolic link on the volume");
  }

  @Test
  void opening_through_a_linked_directory_or_a_fifo_gives_nothing_to_read() throws Exception {
    DirectoryWorkspaces workspaces = new DirectoryWorkspaces(volume, HOME);
    ScriptTicket ticket = new ScriptTicket("odd");
    workspaces.create(ticket);
    Path workspace = workspaces.workspaceDirectory(ticket);
    Files.writeString(outside.resolve("secret.txt"), "do not read");
    Files.createSymbolicLink(workspace.resolve("escape"), outside);
    Process mkfifo = new ProcessBuilder("mkfifo", workspace.resolve("pipe").toString()).start();
    assertThat(mkfifo.waitFor()).isZero();

    assertThatThrownBy(() -> workspaces.open(ticket, RelativePath.parse("escape/secret.txt")))
        .hasMessageContaining("is a symbolic link on the volume");
    assertThat(workspaces.open(ticket, RelativePath.parse("pipe"))).isEmpty();
  }

  @Test
  void an_opened_file_grown_since_is_read_only_up_to_its_length_when_opened() throws Exception {
    ScriptTicket ticket = new ScriptTicket("growing");
    DirectoryWorkspaces workspaces = workspaceWith(ticket, "log.txt", "12345");

    try (var opened = workspaces.open(ticket, RelativePath.parse("log.txt")).orElseThrow()) {
      append(workspaces.workspaceDirectory(ticket).resolve("log.txt"), "6789");
      assertThat(readAll(opened.open())).isEqualTo("12345");
    }
  }

  @Test
  void a_file_grown_after_the_check_is_read_only_up_to_the_length_announced() throws Exception {
    ScriptTicket ticket = new ScriptTicket("grown");
    DirectoryWorkspaces workspaces = workspaceWith(ticket, "log.txt", "12345");
    var content = workspaces.read(ticket, RelativePath.parse("log.txt")).orElseThrow();
    append(workspaces.workspaceDirectory(ticket).resolve("log.txt"), "6789");

    assertThat(readAll(content.open())).isEqualTo("12345");
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

  /** A workspace for {@code ticket} holding {@code path} with {@code content}. */
  private DirectoryWorkspaces workspaceWith(ScriptTicket ticket, String path, String content) {
    DirectoryWorkspaces workspaces = new DirectoryWorkspaces(volume, HOME);
    workspaces.create(ticket);
    workspaces.write(ticket, RelativePath.parse(path), text(content), false);
    return workspaces;
  }

  private static String readAll(java.io.InputStream stream) throws java.io.IOException {
    try (java.io.InputStream in = stream) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void append(Path file, String content) throws java.io.IOException {
    Files.writeString(file, content, java.nio.file.StandardOpenOption.APPEND);
  }
}
