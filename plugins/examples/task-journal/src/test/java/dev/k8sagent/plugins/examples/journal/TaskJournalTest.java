package dev.k8sagent.plugins.examples.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k8sagent.plugins.api.PluginContext;
import dev.k8sagent.plugins.api.TaskFacts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskJournalTest {
  private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

  @TempDir Path folder;

  @Test
  void a_task_end_is_one_json_line_with_its_exit_code_and_where_it_ran() throws Exception {
    Path file = folder.resolve("journal.jsonl");
    TaskJournal journal = new TaskJournal(Clock.fixed(T0, ZoneOffset.UTC));
    journal.configure(new PluginContext("task-journal", Map.of("file", file.toString())));

    journal.started(task("ServerTasks-1", "web"), "tools:1.31");
    journal.ended(task("ServerTasks-1", "web"), 3);

    assertThat(Files.readAllLines(file))
        .containsExactly(
            "{\"time\":\"2026-11-30T10:00:00Z\",\"event\":\"ended\",\"task\":\"ServerTasks-1\","
                + "\"exitCode\":3,\"seconds\":0.0,\"space\":\"default\",\"project\":\"web\","
                + "\"environment\":\"production\",\"scriptType\":\"Bash\"}");
  }

  @Test
  void with_started_events_each_launch_is_written_with_its_image() throws Exception {
    Path file = folder.resolve("journal.jsonl");
    TaskJournal journal = new TaskJournal(Clock.fixed(T0, ZoneOffset.UTC));
    journal.configure(
        new PluginContext(
            "task-journal", Map.of("file", file.toString(), "events", "started, ended")));

    journal.started(TaskFacts.of("t-1"), "tools:1.31");
    journal.ended(TaskFacts.of("t-1"), 0);

    assertThat(Files.readAllLines(file))
        .satisfiesExactly(
            first ->
                assertThat(first).contains("\"event\":\"started\"", "\"image\":\"tools:1.31\""),
            second -> assertThat(second).contains("\"event\":\"ended\"", "\"exitCode\":0"));
  }

  @Test
  void names_the_server_chose_cannot_break_the_line() throws Exception {
    Path file = folder.resolve("journal.jsonl");
    TaskJournal journal = new TaskJournal();
    journal.configure(new PluginContext("task-journal", Map.of("file", file.toString())));

    journal.ended(task("t\"1\n{", "we\\b\u0001"), 1);

    List<String> lines = Files.readAllLines(file);
    assertThat(lines).singleElement().asString().contains("\"task\":\"t\\\"1\\n{\"");
    assertThat(lines.get(0)).contains("\"project\":\"we\\\\b\\u0001\"");
  }

  @Test
  void a_full_journal_is_moved_aside_and_a_new_one_begun() throws Exception {
    Path file = folder.resolve("journal.jsonl");
    TaskJournal journal = new TaskJournal();
    journal.configure(
        new PluginContext("task-journal", Map.of("file", file.toString(), "max-bytes", "1024")));

    for (int i = 0; i < 20; i++) {
      journal.ended(task("ServerTasks-" + i, "web"), 0);
    }

    assertThat(Files.size(file)).isLessThanOrEqualTo(1024);
    assertThat(Files.size(folder.resolve("journal.jsonl.1"))).isLessThanOrEqualTo(1024);
    assertThat(Files.readAllLines(file)).last().asString().contains("ServerTasks-19");
  }

  @Test
  void bad_settings_are_refused_naming_them() {
    TaskJournal journal = new TaskJournal();

    assertThatThrownBy(() -> journal.configure(new PluginContext("task-journal", Map.of())))
        .hasMessageContaining("K8SAGENT_PLUGIN__TASK_JOURNAL__FILE");
    assertThatThrownBy(
            () ->
                journal.configure(
                    new PluginContext("task-journal", Map.of("file", "relative.jsonl"))))
        .hasMessageContaining("absolute path");
    assertThatThrownBy(
            () ->
                journal.configure(
                    new PluginContext(
                        "task-journal",
                        Map.of("file", folder.resolve("j").toString(), "events", "started"))))
        .hasMessageContaining("events");
  }

  private static TaskFacts task(String id, String project) {
    return new TaskFacts(
        id,
        Optional.empty(),
        Optional.of("Bash"),
        List.of(),
        Optional.of("default"),
        Optional.of(project),
        Optional.of("production"),
        Optional.empty(),
        Optional.empty());
  }
}
