package dev.k8sagent.bootstrap.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.k8sagent.adapters.octopus.halibut.netty.ConnectionStack;
import dev.k8sagent.adapters.octopus.halibut.netty.TlsEngine;
import dev.k8sagent.bootstrap.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code k8s-agent bench}: its options, its report, and a whole run at tiny sizes. */
class BenchCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Cli cli =
      new Cli(
          new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));

  @Test
  void options_are_read_in_either_form_over_the_defaults() {
    BenchOptions options =
        BenchOptions.parse(List.of("--size-mib", "3", "--rpcs=40", "--tasks", "2", "--json"));

    assertThat(options)
        .isEqualTo(
            new BenchOptions(3, 40, BenchOptions.DEFAULTS.connections(), 2, 2_000, false, true));
    assertThat(BenchOptions.parse(List.of("--jdk-tls")).jdkTls()).isTrue();
    assertThat(BenchOptions.parse(List.of())).isEqualTo(BenchOptions.DEFAULTS);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--rpc=5          | Unknown option --rpc",
        "--rpcs           | Option --rpcs needs a value",
        "--rpcs=many      | Option --rpcs needs a whole number, got 'many'",
        "--connections=0  | Option --connections must be from 1 to 64, got 0",
        "--size-mib=99999 | Option --size-mib must be from 1 to 65536, got 99999",
        "--json=yes       | Option --json takes no value"
      })
  void a_bad_option_is_refused_naming_it(String argument, String message) {
    assertThatThrownBy(() -> BenchOptions.parse(List.of(argument)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void the_command_refuses_a_bad_option_with_a_usage_error_naming_it() {
    assertThat(cli.run("bench", "--tasks", "-3")).isEqualTo(Cli.USAGE);

    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--tasks must be from 1 to 2000, got -3")
        .contains("k8s-agent bench --help");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void the_warm_up_data_file_grows_into_the_same_bytes_as_one_written_whole(@TempDir Path dir)
      throws Exception {
    long mib = 1 << 20;
    Path grown = dir.resolve("grown");
    Path whole = dir.resolve("whole");
    Bench.growData(grown, 0, 2 * mib);
    assertThat(grown).hasSize(2 * mib);

    Bench.growData(grown, 2 * mib, 5 * mib + 123);
    Bench.growData(whole, 0, 5 * mib + 123);

    assertThat(Files.mismatch(grown, whole)).isEqualTo(-1);
    assertThat(grown).hasSize(5 * mib + 123);
    assertThatThrownBy(() -> Bench.growData(grown, 5 * mib + 123, 6 * mib))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whole MiB");
  }

  @Test
  void help_lists_every_option() {
    assertThat(cli.run("bench", "--help")).isZero();

    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("--size-mib N", "--rpcs N", "--connections N", "--tasks N", "--lines N")
        .contains("--jdk-tls", "--json", "--help");
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void a_tiny_run_prints_one_json_object_with_every_figure_beside_its_baseline() {
    int exit =
        cli.run(
            "bench",
            "--size-mib=1",
            "--rpcs=20",
            "--connections=2",
            "--tasks=2",
            "--lines=50",
            "--json");

    assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
    JsonObject report =
        JsonParser.parseString(out.toString(StandardCharsets.UTF_8)).getAsJsonObject();
    assertThat(report.get("tlsEngine").getAsString())
        .isEqualTo(ConnectionStack.best().tls().label());
    assertThat(report.get("transport").getAsString())
        .isEqualTo(ConnectionStack.best().sockets().label());
    JsonObject options = report.getAsJsonObject("options");
    assertThat(options.get("rpcs").getAsInt()).isEqualTo(20);
    assertThat(options.get("connections").getAsInt()).isEqualTo(2);
    for (String figure :
        List.of("upload", "uploadCpu", "download", "rpcs", "rpcCpu", "outputLines", "rss")) {
      JsonObject measured = report.getAsJsonObject(figure);
      assertThat(measured.keySet())
          .as(figure)
          .containsExactly("unit", "agent", "baseline", "ratio");
      assertThat(measured.get("agent").getAsDouble()).as(figure).isPositive();
      assertThat(measured.get("baseline").getAsDouble()).as(figure).isPositive();
    }
    // the agent's threads are a part of the process; the server simulator's are the rest
    JsonObject rpcCpu = report.getAsJsonObject("rpcCpu");
    assertThat(rpcCpu.get("agent").getAsDouble()).isLessThan(rpcCpu.get("baseline").getAsDouble());
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void the_agent_can_be_made_to_use_the_jdks_tls_and_the_table_says_so() {
    int exit =
        cli.run(
            "bench",
            "--size-mib=1",
            "--rpcs=10",
            "--connections=1",
            "--tasks=1",
            "--lines=5",
            "--jdk-tls");

    assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("TLS engine " + TlsEngine.JDK.label() + ", transport ")
        .contains("upload 1 MiB", "download 1 MiB", "RPCs over 1 connections")
        .contains("CPU per RPC, agent's threads", "CPU per MiB uploaded, agent's threads")
        .contains("output, 1 tasks x 5 lines", "resident memory, agent idle")
        .doesNotContain("\r");
  }
}
