package dev.k8sagent.plugins.examples.journal;

import dev.k8sagent.plugins.api.PluginContext;
import dev.k8sagent.plugins.api.TaskFacts;
import dev.k8sagent.plugins.api.TaskObserver;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.pf4j.Extension;

/**
 * Writes one JSON line per task end to a file, for a log shipper or an audit trail: when, which
 * task, its exit code, how long it ran, and its space, project, environment and script type. With
 * {@code events = started,ended} each launch gets a line too, naming the image.
 *
 * <p>Settings ({@code k8s-agent.plugins.task-journal.<key>} or {@code
 * K8SAGENT_PLUGIN__TASK_JOURNAL__<KEY>}):
 *
 * <ul>
 *   <li>{@code file} (required): the journal's absolute path, e.g. {@code
 *       /home/octopus/task-journal.jsonl}; its folder must exist;
 *   <li>{@code events}: {@code ended} (the default) or {@code started,ended};
 *   <li>{@code max-bytes}: when a line would make the file larger, the file is renamed to {@code
 *       <file>.1} (replacing an older one) and a new one begun; default {@value
 *       #DEFAULT_MAX_BYTES}.
 * </ul>
 *
 * Writing a line is a small local append, quick enough for the agent's call limit.
 */
@Extension
public class TaskJournal implements TaskObserver {
  static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;

  /** Start times of tasks still running, for the duration; bounded so it can never grow alone. */
  static final int REMEMBERED_STARTS = 10_000;

  private final Clock clock;
  private final Map<String, Instant> starts =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
          return size() > REMEMBERED_STARTS;
        }
      };
  private volatile Journal journal;

  private record Journal(Path file, boolean starts, long maxBytes) {}

  public TaskJournal() {
    this(Clock.systemUTC());
  }

  TaskJournal(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void configure(PluginContext context) {
    Path file = Path.of(context.required("file"));
    if (!file.isAbsolute() || !Files.isDirectory(file.toAbsolutePath().getParent())) {
      throw new IllegalArgumentException(
          "file must be an absolute path in an existing folder, got '" + file + "'");
    }
    Set<String> events =
        Arrays.stream(context.setting("events").orElse("ended").split(","))
            .map(e -> e.trim().toLowerCase(Locale.ROOT))
            .collect(Collectors.toSet());
    if (!events.contains("ended") || !Set.of("started", "ended").containsAll(events)) {
      throw new IllegalArgumentException(
          "events must be 'ended' or 'started,ended', got '"
              + context.settings().get("events")
              + "'");
    }
    long maxBytes;
    try {
      maxBytes = context.setting("max-bytes").map(Long::parseLong).orElse(DEFAULT_MAX_BYTES);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "max-bytes must be a number of bytes, got '" + context.settings().get("max-bytes") + "'");
    }
    if (maxBytes < 1024) {
      throw new IllegalArgumentException("max-bytes must be at least 1024, got " + maxBytes);
    }
    journal = new Journal(file, events.contains("started"), maxBytes);
  }

  @Override
  public void started(TaskFacts task, String image) {
    Instant now = clock.instant();
    synchronized (starts) {
      starts.put(task.taskId(), now);
    }
    Journal to = journal;
    if (to != null && to.starts()) {
      write(to, line(now, "started", task, Optional.of("\"image\":" + quoted(image))));
    }
  }

  @Override
  public void ended(TaskFacts task, int exitCode) {
    Instant now = clock.instant();
    Instant start;
    synchronized (starts) {
      start = starts.remove(task.taskId());
    }
    Journal to = journal;
    if (to == null) {
      return;
    }
    String result = "\"exitCode\":" + exitCode;
    if (start != null) {
      result += ",\"seconds\":" + Duration.between(start, now).toMillis() / 1000.0;
    }
    write(to, line(now, "ended", task, Optional.of(result)));
  }

  private static String line(Instant at, String event, TaskFacts task, Optional<String> more) {
    StringBuilder line = new StringBuilder("{");
    line.append("\"time\":").append(quoted(at.toString()));
    line.append(",\"event\":").append(quoted(event));
    line.append(",\"task\":").append(quoted(task.taskId()));
    more.ifPresent(m -> line.append(',').append(m));
    task.space().ifPresent(v -> line.append(",\"space\":").append(quoted(v)));
    task.project().ifPresent(v -> line.append(",\"project\":").append(quoted(v)));
    task.environment().ifPresent(v -> line.append(",\"environment\":").append(quoted(v)));
    task.scriptType().ifPresent(v -> line.append(",\"scriptType\":").append(quoted(v)));
    return line.append("}\n").toString();
  }

  private static synchronized void write(Journal to, String line) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    try {
      if (Files.exists(to.file()) && Files.size(to.file()) + bytes.length > to.maxBytes()) {
        Files.move(
            to.file(),
            to.file().resolveSibling(to.file().getFileName() + ".1"),
            StandardCopyOption.REPLACE_EXISTING);
      }
      try (OutputStream out =
          Files.newOutputStream(to.file(), StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
        out.write(bytes);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the task journal " + to.file(), e);
    }
  }

  /** {@code text} as a JSON string: whatever the server named a project, the line stays JSON. */
  static String quoted(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
