package dev.k8sagent.ports.service;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How often the runner puts back-to-back stdout and stderr lines out of the order they were
 * written: a script writes {@code pairs} numbered lines alternately to stdout and stderr with
 * nothing in between, and each line of the output file whose number is lower than the line before
 * it counts as out of place. A measurement for this machine's {@code sh}, not a test: the rate
 * depends on the scheduler.
 *
 * <pre>
 * ./mvnw -B -q -pl ports test-compile
 * ./mvnw -B -q -pl ports dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp ports/target/test-classes:ports/target/classes:$(cat /tmp/cp.txt) \
 *     dev.k8sagent.ports.service.RunnerOrderBench [pairs] [runner.sh]
 * </pre>
 *
 * Without {@code runner.sh} it measures the runner in this source tree.
 */
public final class RunnerOrderBench {
  private RunnerOrderBench() {}

  public static void main(String[] args) throws Exception {
    int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
    Path workspace = Files.createTempDirectory("runner-order");
    Path runner = workspace.resolve("k8s-agent-runner.sh");
    if (args.length > 1) {
      Files.copy(Path.of(args[1]), runner);
    } else {
      try (InputStream in = BootstrapRunner.script().open()) {
        Files.copy(in, runner);
      }
    }
    Files.writeString(
        workspace.resolve("Bootstrap.sh"),
        "i=1\nwhile [ $i -le "
            + pairs
            + " ]; do echo $((2*i-1)); echo $((2*i)) >&2; i=$((i+1)); done\n");
    Process process =
        new ProcessBuilder("sh", runner.toString(), workspace.toString(), "bash", "Bootstrap.sh")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("The runner did not finish within 5 minutes");
    }
    List<String> output = Files.readAllLines(workspace.resolve("output.log"));
    long lines = 0;
    long outOfPlace = 0;
    long previous = Long.MIN_VALUE;
    for (String line : output) {
      String[] fields = line.split("\\|", 4);
      if (fields.length == 4 && (fields[2].equals("stdout") || fields[2].equals("stderr"))) {
        long number = Long.parseLong(fields[3].trim());
        lines++;
        if (number < previous) {
          outOfPlace++;
        }
        previous = number;
      }
    }
    System.out.printf(
        "%d lines, %d out of place (%.2f%%)%n", lines, outOfPlace, 100.0 * outOfPlace / lines);
    delete(workspace);
  }

  private static void delete(Path directory) throws IOException {
    try (var paths = Files.walk(directory)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
