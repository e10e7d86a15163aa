package dev.k8sagent.ports.service;

import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.domain.task.ScriptType;
import dev.k8sagent.ports.in.RequestRefused;
import dev.k8sagent.ports.in.ScriptFile;
import dev.k8sagent.ports.in.StartScript;
import dev.k8sagent.ports.out.WorkspaceRef;
import dev.k8sagent.ports.out.Workspaces;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;

/**
 * Writes what a task's pod needs into its workspace: the script (Bash, or PowerShell when that is
 * all the server sent), the files sent with it (encrypted for Calamari when they came with a
 * password), and the runner that runs the script and writes its output file.
 */
final class PreparingWorkspace {
  /** Files sent with a password are small (variables); refuse absurd ones before reading them. */
  static final long MAX_ENCRYPTED_FILE_BYTES = 64L * 1024 * 1024;

  private final Workspaces workspaces;
  private final SecureRandom random = new SecureRandom();

  PreparingWorkspace(Workspaces workspaces) {
    this.workspaces = workspaces;
  }

  /**
   * Where the pod finds the workspace, and how it starts the runner there.
   *
   * @param directory the workspace as pods see it
   * @param runner the runner script's path as pods see it
   * @param runnerArguments what the runner is started with
   */
  record Prepared(String directory, String runner, List<String> runnerArguments) {
    Prepared {
      runnerArguments = List.copyOf(runnerArguments);
    }
  }

  /** Creates the workspace and writes everything into it. */
  Prepared prepare(StartScript command) {
    ScriptTicket ticket = command.ticket();
    boolean powershell = command.scriptType() == ScriptType.POWERSHELL;
    WorkspaceRef workspace = workspaces.create(ticket);
    String script = command.scriptFor(command.scriptType());
    workspaces.write(
        ticket,
        powershell ? BootstrapRunner.POWERSHELL_SCRIPT : BootstrapRunner.BASH_SCRIPT,
        text(powershell ? script : script.replace("\r\n", "\n")),
        true);
    for (ScriptFile file : command.files()) {
      try (InputStream in = file.contents().open()) {
        if (file.encryptionPassword().isPresent()) {
          workspaces.write(
              ticket, file.name(), encrypted(file, in, file.encryptionPassword().get()), false);
        } else {
          workspaces.write(ticket, file.name(), in, false);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Reading file '" + file.name() + "' of script " + ticket + " failed", e);
      }
    }
    try (InputStream in = BootstrapRunner.script().open()) {
      workspaces.write(ticket, BootstrapRunner.RUNNER_FILE, in, true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Prepared(
        workspace.directory(),
        workspace.directory() + "/" + BootstrapRunner.RUNNER_FILE.asString(),
        BootstrapRunner.arguments(workspace.directory(), powershell, command.arguments()));
  }

  private InputStream encrypted(ScriptFile file, InputStream in, String password)
      throws IOException {
    if (file.contents().length() > MAX_ENCRYPTED_FILE_BYTES) {
      throw new RequestRefused(
          RequestRefused.Reason.TOO_LARGE,
          "The encrypted file '"
              + file.name()
              + "' is "
              + file.contents().length()
              + " bytes; at most "
              + MAX_ENCRYPTED_FILE_BYTES
              + " bytes can be encrypted");
    }
    return new ByteArrayInputStream(
        CalamariFileEncryption.encrypt(password, in.readAllBytes(), random));
  }

  private static InputStream text(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
