package dev.k8sagent.ports.service;

import dev.k8sagent.domain.files.RelativePath;
import dev.k8sagent.domain.task.AuthContext;
import dev.k8sagent.domain.task.Isolation;
import dev.k8sagent.domain.task.OutputLine;
import dev.k8sagent.domain.task.OutputSequence;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.domain.task.ScriptType;
import dev.k8sagent.ports.content.Content;
import dev.k8sagent.ports.in.ScriptFile;
import dev.k8sagent.ports.in.ScriptStatus;
import dev.k8sagent.ports.in.StartScript;
import dev.k8sagent.ports.in.StepImage;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Start commands as the server sends them, and what a status says, for the service tests. */
final class StartScripts {
  private StartScripts() {}

  static ScriptBuilder aScript(ScriptTicket ticket) {
    return new ScriptBuilder(ticket);
  }

  static List<String> lines(ScriptStatus status) {
    return status.logs().stream().map(OutputLine::text).toList();
  }

  /** The lines the script printed (their sequence is a multiple of the stride). */
  static List<String> scriptLines(ScriptStatus status) {
    return status.logs().stream()
        .filter(l -> l.sequence() % OutputSequence.STRIDE == 0)
        .map(OutputLine::text)
        .toList();
  }

  static final class ScriptBuilder {
    private final ScriptTicket ticket;
    private String body = "echo hello";
    private final Map<ScriptType, String> scripts = new HashMap<>();
    private final List<String> arguments = new ArrayList<>();
    private Isolation isolation = Isolation.NONE;
    private Optional<StepImage> stepImage = Optional.empty();
    private final List<ScriptFile> files = new ArrayList<>();
    private Optional<AuthContext> authContext = Optional.empty();

    ScriptBuilder(ScriptTicket ticket) {
      this.ticket = ticket;
    }

    ScriptBuilder project(String slug) {
      authContext =
          Optional.of(
              new AuthContext(
                  "default", slug, Optional.empty(), "production", Optional.empty(), "deploy"));
      return this;
    }

    ScriptBuilder body(String value) {
      body = value;
      return this;
    }

    ScriptBuilder script(ScriptType type, String value) {
      scripts.put(type, value);
      return this;
    }

    ScriptBuilder arguments(String... values) {
      arguments.addAll(List.of(values));
      return this;
    }

    ScriptBuilder isolated(String mutex, Duration timeout) {
      isolation = new Isolation.FullIsolation(mutex, Optional.ofNullable(timeout));
      return this;
    }

    ScriptBuilder stepImage(StepImage value) {
      stepImage = Optional.of(value);
      return this;
    }

    ScriptBuilder file(String name, String text) {
      files.add(new ScriptFile(RelativePath.parse(name), Content.ofText(text), Optional.empty()));
      return this;
    }

    ScriptBuilder file(ScriptFile file) {
      files.add(file);
      return this;
    }

    ScriptBuilder encryptedFile(String name, String text, String password) {
      files.add(
          new ScriptFile(RelativePath.parse(name), Content.ofText(text), Optional.of(password)));
      return this;
    }

    ScriptBuilder brokenFile(String name) {
      files.add(
          new ScriptFile(
              RelativePath.parse(name),
              new Content() {
                @Override
                public long length() {
                  return 10;
                }

                @Override
                public InputStream open() throws IOException {
                  throw new IOException("the data stream was cut off");
                }
              },
              Optional.empty()));
      return this;
    }

    StartScript build() {
      return new StartScript(
          ticket,
          "ServerTasks-1",
          body,
          scripts,
          arguments,
          isolation,
          stepImage,
          Optional.empty(),
          files,
          false,
          authContext,
          Optional.empty());
    }
  }
}
