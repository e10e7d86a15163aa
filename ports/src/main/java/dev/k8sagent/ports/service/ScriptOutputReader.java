package dev.k8sagent.ports.service;

import dev.k8sagent.domain.task.ExitCode;
import dev.k8sagent.domain.task.OutputLine;
import dev.k8sagent.domain.task.OutputLog;
import dev.k8sagent.domain.task.OutputSequence;
import dev.k8sagent.domain.task.OutputSource;
import dev.k8sagent.domain.task.ScriptOutputFormat;
import dev.k8sagent.domain.task.ScriptOutputFormat.Parsed;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.ports.content.Content;
import dev.k8sagent.ports.out.Workspaces;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;

/**
 * Follows one task's output file: each call reads the complete lines added since the last call and
 * appends them to the task's {@link OutputLog}. A last line still being written (no newline yet) is
 * left for the next call. Invalid UTF-8 is shown with replacement characters; a line outside the
 * format is reported once, in its place, as a debug line. Not thread-safe: the task serialises
 * calls.
 */
final class ScriptOutputReader {
  private static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

  private final Workspaces workspaces;
  private final ScriptTicket ticket;
  private final Clock clock;
  private long offset;
  private long lastFileLine;
  private Optional<Parsed.End> end = Optional.empty();

  ScriptOutputReader(Workspaces workspaces, ScriptTicket ticket, Clock clock) {
    this.workspaces = workspaces;
    this.ticket = ticket;
    this.clock = clock;
  }

  /** The end marker, once it has been read. */
  Optional<Parsed.End> end() {
    return end;
  }

  /** Reads what is new; returns the end marker when it has been reached (now or before). */
  Optional<Parsed.End> readNew(OutputLog log) {
    if (end.isPresent()) {
      return end;
    }
    Optional<Content> file = workspaces.read(ticket, BootstrapRunner.OUTPUT_FILE);
    if (file.isEmpty() || file.get().length() <= offset) {
      return end;
    }
    try (InputStream in = file.get().openAt(offset)) {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      long consumed = 0;
      byte[] buffer = new byte[64 * 1024];
      int read;
      outer:
      while ((read = in.read(buffer)) != -1) {
        for (int i = 0; i < read; i++) {
          byte b = buffer[i];
          consumed++;
          if (b == '\n') {
            accept(line.toByteArray(), log);
            line.reset();
            offset += consumed;
            consumed = 0;
            if (end.isPresent()) {
              break outer;
            }
          } else if (line.size() < MAX_LINE_BYTES) {
            line.write(b);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Reading the output of task " + ticket + " failed: " + e.getMessage(), e);
    }
    return end;
  }

  private void accept(byte[] bytes, OutputLog log) {
    String raw = decode(bytes);
    if (raw.isEmpty()) {
      return;
    }
    Parsed parsed = ScriptOutputFormat.parse(raw);
    if (parsed instanceof Parsed.Line line) {
      OutputLine numbered = line.line();
      if (numbered.sequence() > lastFileLine) {
        lastFileLine = numbered.sequence();
        log.append(
            new OutputLine(
                OutputSequence.ofScriptLine(numbered.sequence()),
                numbered.source(),
                numbered.text(),
                numbered.occurred()));
      }
    } else if (parsed instanceof Parsed.End marker) {
      lastFileLine = Math.max(lastFileLine, marker.sequence());
      end = Optional.of(marker);
    } else if (parsed instanceof Parsed.Malformed malformed) {
      long sequence = OutputSequence.nextAgentLine(log.lastSequence());
      if (sequence > 0) {
        log.append(
            new OutputLine(
                sequence,
                OutputSource.DEBUG,
                "k8s-agent: an output line could not be read (" + malformed.reason() + ")",
                clock.instant()));
      }
    }
  }

  /** The exit code in the end marker, when it has been read. */
  Optional<ExitCode> exitCode() {
    return end.map(Parsed.End::exitCode);
  }

  private static String decode(byte[] bytes) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    try {
      return decoder.decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }
}
