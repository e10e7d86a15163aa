package dev.k8sagent.ports.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.k8sagent.domain.task.ExitCode;
import dev.k8sagent.domain.task.OutputLine;
import dev.k8sagent.domain.task.OutputSource;
import dev.k8sagent.domain.task.ScriptOutputFormat;
import dev.k8sagent.domain.task.ScriptOutputFormat.Parsed;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The runner executed for real with this machine's {@code sh}, as a script pod runs it. */
@Timeout(60)
class BootstrapRunnerTest {
  @TempDir Path workspace;

  @BeforeEach
  void writeRunner() throws IOException {
    assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs a POSIX sh");
    try (InputStream in = BootstrapRunner.script().open()) {
      Files.copy(in, workspace.resolve("k8s-agent-runner.sh"));
    }
  }

  @Test
  void numbers_every_line_of_both_streams_and_ends_with_the_exit_code() throws Exception {
    script("echo 'one | with pipes'\necho two >&2\nprintf 'no newline'\nexit 3\n");

    Process runner = run("a b");

    assertThat(runner.exitValue()).isEqualTo(3);
    List<Parsed> parsed = outputFile();
    assertThat(lines(parsed))
        .extracting(OutputLine::text)
        .containsExactlyInAnyOrder("one | with pipes", "two", "no newline");
    assertThat(lines(parsed)).extracting(OutputLine::sequence).containsExactly(1L, 2L, 3L);
    assertThat(lines(parsed))
        .filteredOn(l -> l.text().equals("two"))
        .extracting(OutputLine::source)
        .containsExactly(OutputSource.STDERR);
    assertThat(parsed.get(parsed.size() - 1))
        .isInstanceOfSatisfying(
            Parsed.End.class,
            end -> {
              assertThat(end.sequence()).isEqualTo(4);
              assertThat(end.exitCode()).isEqualTo(ExitCode.of(3));
            });
    assertThat(lines(parsed).get(0).occurred())
        .isBetween(Instant.now().minus(Duration.ofMinutes(1)), Instant.now().plusSeconds(5));
  }

  @Test
  void lines_from_both_streams_arriving_together_are_never_torn() throws Exception {
    script(
        "i=0\nwhile [ $i -lt 2000 ]; do\n  echo \"out line $i with some text\"\n"
            + "  echo \"err line $i with some text\" >&2\n  i=$((i+1))\ndone\n");

    run("x");

    List<OutputLine> lines = lines(outputFile());
    assertThat(lines).hasSize(4000);
    assertThat(lines)
        .allSatisfy(
            line ->
                assertThat(line.text())
                    .matches(
                        (line.source() == OutputSource.STDOUT ? "out" : "err")
                            + " line \\d+ with some text"));
  }

  @Test
  void ten_thousand_back_to_back_alternating_lines_keep_every_line_each_streams_order_and_tag()
      throws Exception {
    alternatingLines(5_000);

    run("x");

    assertEveryLineInStreamOrder(lines(outputFile()), 5_000);
  }

  @Test
  void without_perl_the_two_stream_taggers_still_keep_every_line_and_each_streams_order()
      throws Exception {
    alternatingLines(2_000);
    Path bin = Files.createDirectories(workspace.resolve("bin-without-perl"));
    for (String dir : List.of("/usr/bin", "/bin")) {
      try (var tools = Files.list(Path.of(dir))) {
        for (Path tool : tools.toList()) {
          Path link = bin.resolve(tool.getFileName());
          if (!tool.getFileName().toString().startsWith("perl") && !Files.exists(link)) {
            Files.createSymbolicLink(link, tool);
          }
        }
      }
    }

    ProcessBuilder runner =
        new ProcessBuilder(
                "/bin/sh",
                workspace.resolve("k8s-agent-runner.sh").toString(),
                workspace.toString(),
                "bash",
                "Bootstrap.sh")
            .redirectErrorStream(true);
    runner.environment().put("PATH", bin.toString());
    Process process = runner.start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertEveryLineInStreamOrder(lines(outputFile()), 2_000);
  }

  /** A script writing {@code pairs} stdout and stderr lines alternately, back to back. */
  private void alternatingLines(int pairs) throws IOException {
    script(
        "i=1\nwhile [ $i -le "
            + pairs
            + " ]; do\n  echo \"out $i\"\n  echo \"err $i\" >&2\n  i=$((i+1))\ndone\n");
  }

  private static void assertEveryLineInStreamOrder(List<OutputLine> lines, int pairs) {
    assertThat(lines).hasSize(2 * pairs);
    for (OutputSource source : List.of(OutputSource.STDOUT, OutputSource.STDERR)) {
      String prefix = source == OutputSource.STDOUT ? "out " : "err ";
      List<String> expected = new ArrayList<>();
      for (int i = 1; i <= pairs; i++) {
        expected.add(prefix + i);
      }
      assertThat(lines)
          .as("every %s line once, in the order written, tagged %s", prefix.trim(), source)
          .filteredOn(line -> line.source() == source)
          .extracting(OutputLine::text)
          .containsExactlyElementsOf(expected);
    }
    assertThat(lines).extracting(OutputLine::sequence).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void a_very_long_line_arrives_whole_in_parts_beside_the_other_stream() throws Exception {
    script(
        "i=0\nwhile [ $i -lt 50 ]; do\n  printf '%10000s' '' | tr ' ' x; echo\n"
            + "  echo \"err $i\" >&2\n  i=$((i+1))\ndone\n");

    run("x");

    List<OutputLine> lines = lines(outputFile());
    String out =
        lines.stream()
            .filter(l -> l.source() == OutputSource.STDOUT)
            .map(OutputLine::text)
            .reduce("", String::concat);
    assertThat(out).hasSize(50 * 10000).matches("x+");
    assertThat(lines).filteredOn(l -> l.source() == OutputSource.STDERR).hasSize(50);
  }

  @Test
  void passes_arguments_and_runs_in_the_workspace() throws Exception {
    script("echo \"first=$1\"\necho \"dir=$(pwd)\"\n");

    run("hello world");

    assertThat(lines(outputFile()))
        .extracting(OutputLine::text)
        .containsExactly("first=hello world", "dir=" + workspace.toRealPath());
  }

  @Test
  void keeps_script_output_out_of_its_own_stdout() throws Exception {
    script("echo a-secret-value\n");

    Process runner = run("x");

    String podLog = new String(runner.getInputStream().readAllBytes());
    assertThat(podLog).contains("k8s-agent runner:").doesNotContain("a-secret-value");
  }

  @Test
  void streams_lines_while_the_script_runs() throws Exception {
    script("echo early\nsleep 3\necho late\n");

    Process runner = start("x");
    List<OutputLine> seen =
        await("the first line while the script sleeps")
            .atMost(Duration.ofSeconds(2))
            .until(
                () ->
                    Files.exists(workspace.resolve("output.log"))
                        ? lines(outputFile())
                        : List.<OutputLine>of(),
                lines -> !lines.isEmpty());
    assertThat(seen).extracting(OutputLine::text).containsExactly("early");
    assertThat(runner.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void a_second_start_of_a_finished_task_does_not_run_the_script_again() throws Exception {
    script("echo ran >> count.txt\nexit 4\n");

    run("x");
    Process again = run("x");

    assertThat(again.exitValue()).isEqualTo(4);
    assertThat(Files.readAllLines(workspace.resolve("count.txt"))).containsExactly("ran");
  }

  @Test
  void a_restarted_runner_continues_the_numbering_after_a_torn_line() throws Exception {
    Files.writeString(
        workspace.resolve("output.log"),
        "2026-11-24T10:00:00Z|1|stdout|before crash\n2026-11-24T10:00:01Z|2|std");
    script("echo after restart\n");

    run("x");

    List<Parsed> parsed = outputFile();
    assertThat(lines(parsed))
        .extracting(OutputLine::sequence, OutputLine::text)
        .contains(
            org.assertj.core.groups.Tuple.tuple(1L, "before crash"),
            org.assertj.core.groups.Tuple.tuple(3L, "after restart"));
    assertThat(parsed).filteredOn(p -> p instanceof Parsed.Malformed).hasSize(1);
  }

  @Test
  void powershell_without_pwsh_says_so_in_the_output() throws Exception {
    assumeTrue(!onPath("pwsh"), "pwsh is installed here");
    Files.writeString(workspace.resolve("Bootstrap.ps1"), "Write-Host hi\n");

    Process runner = runWith("pwsh", "Bootstrap.ps1");

    assertThat(runner.exitValue()).isEqualTo(127);
    assertThat(lines(outputFile()))
        .extracting(OutputLine::text)
        .anyMatch(text -> text.contains("the image has no pwsh"));
  }

  private void script(String text) throws IOException {
    Files.writeString(workspace.resolve("Bootstrap.sh"), text);
  }

  private Process run(String argument) throws Exception {
    Process process = start(argument);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return process;
  }

  private Process runWith(String shell, String script) throws Exception {
    Process process =
        new ProcessBuilder(
                "sh",
                workspace.resolve("k8s-agent-runner.sh").toString(),
                workspace.toString(),
                shell,
                script)
            .redirectErrorStream(true)
            .start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return process;
  }

  private Process start(String argument) throws IOException {
    return new ProcessBuilder(
            "sh",
            workspace.resolve("k8s-agent-runner.sh").toString(),
            workspace.toString(),
            "bash",
            "Bootstrap.sh",
            argument)
        .redirectErrorStream(true)
        .start();
  }

  private List<Parsed> outputFile() throws IOException {
    List<Parsed> parsed = new ArrayList<>();
    for (String line : Files.readAllLines(workspace.resolve("output.log"))) {
      parsed.add(ScriptOutputFormat.parse(line));
    }
    return parsed;
  }

  private static List<OutputLine> lines(List<Parsed> parsed) {
    return parsed.stream()
        .filter(p -> p instanceof Parsed.Line)
        .map(p -> ((Parsed.Line) p).line())
        .toList();
  }

  private static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}
