package dev.k8sagent.ports.in;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k8sagent.domain.files.RelativePath;
import dev.k8sagent.domain.task.Isolation;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.domain.task.ScriptType;
import dev.k8sagent.ports.content.Content;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StartScriptTest {

  @Test
  void the_bash_entry_wins_over_the_plain_script_body() {
    StartScript command = command("echo body", Map.of(ScriptType.BASH, "echo bash"), List.of());

    assertThat(command.scriptFor(ScriptType.BASH)).isEqualTo("echo bash");
    assertThat(command.scriptFor(ScriptType.POWERSHELL)).isEqualTo("echo body");
  }

  @Test
  void a_command_without_any_script_is_refused_naming_the_ticket() {
    assertThatThrownBy(() -> command(" ", Map.of(ScriptType.BASH, ""), List.of()))
        .hasMessageContaining("Script T-1 has no script to run");
  }

  @Test
  void the_same_file_twice_is_refused() {
    ScriptFile file =
        new ScriptFile(RelativePath.parse("a/b.txt"), Content.ofText("x"), Optional.empty());

    assertThatThrownBy(() -> command("echo", Map.of(), List.of(file, file)))
        .hasMessageContaining("sends the file 'a/b.txt' twice");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Octopus", "bad_name", "-x", ""})
  void an_invalid_service_account_is_refused(String name) {
    assertThatThrownBy(
            () ->
                new StartScript(
                    new ScriptTicket("T-1"),
                    "ServerTasks-1",
                    "echo",
                    Map.of(),
                    List.of(),
                    Isolation.NONE,
                    Optional.empty(),
                    Optional.of(name),
                    List.of(),
                    false,
                    Optional.empty(),
                    Optional.empty()))
        .hasMessageContaining("service account");
  }

  @Test
  void an_encryption_password_never_shows_in_text() {
    ScriptFile file =
        new ScriptFile(RelativePath.parse("v.json"), Content.ofText("{}"), Optional.of("s3cret"));

    assertThat(file.toString()).doesNotContain("s3cret").contains("encrypted");
  }

  private static StartScript command(
      String body, Map<ScriptType, String> scripts, List<ScriptFile> files) {
    return new StartScript(
        new ScriptTicket("T-1"),
        "ServerTasks-1",
        body,
        scripts,
        List.of("--verbose"),
        Isolation.NONE,
        Optional.empty(),
        Optional.of("octopus-script"),
        files,
        false,
        Optional.empty(),
        Optional.empty());
  }
}
