package dev.k8sagent.ports.service;

import dev.k8sagent.domain.files.RelativePath;
import dev.k8sagent.ports.content.Content;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The POSIX {@code sh} runner every script pod executes. It runs the task's script with {@code
 * bash} (or {@code pwsh}) and writes each output line, numbered, to {@link #OUTPUT_FILE} in the
 * workspace, ending with the end marker (see {@link dev.k8sagent.domain.task.ScriptOutputFormat}).
 * The pod's own log gets only a start and an end line, never script output.
 */
public final class BootstrapRunner {
  public static final RelativePath RUNNER_FILE = RelativePath.parse("k8s-agent-runner.sh");
  public static final RelativePath OUTPUT_FILE = RelativePath.parse("output.log");
  public static final RelativePath BASH_SCRIPT = RelativePath.parse("Bootstrap.sh");
  public static final RelativePath POWERSHELL_SCRIPT = RelativePath.parse("Bootstrap.ps1");

  private static final byte[] SCRIPT = load();

  private BootstrapRunner() {}

  /** The runner's text, to be written into each workspace. */
  public static Content script() {
    return Content.ofBytes(SCRIPT);
  }

  /** The arguments after {@code sh <runner>}: workspace, shell, script, then the script's own. */
  public static List<String> arguments(
      String workspaceDirectory, boolean powershell, List<String> scriptArguments) {
    List<String> arguments = new ArrayList<>();
    arguments.add(workspaceDirectory);
    arguments.add(powershell ? "pwsh" : "bash");
    arguments.add((powershell ? POWERSHELL_SCRIPT : BASH_SCRIPT).asString());
    arguments.addAll(scriptArguments);
    return arguments;
  }

  private static byte[] load() {
    try (InputStream in = BootstrapRunner.class.getResourceAsStream("k8s-agent-runner.sh")) {
      if (in == null) {
        throw new IllegalStateException("k8s-agent-runner.sh is missing from the ports jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
