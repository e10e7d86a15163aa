package dev.k8sagent.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CliTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Cli cli =
      new Cli(
          new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));

  @Test
  void version_prints_the_build_version() {
    assertThat(cli.run("version")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).matches("k8s-agent \\d+\\.\\d+\\.\\d+.*\\R");
  }

  @Test
  void check_config_reports_a_valid_configuration_without_secrets() {
    Cli configured =
        new Cli(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            dev.k8sagent.bootstrap.config.AgentSettingsTest.chartEnvironment());
    assertThat(configured.run("check-config")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("prod-cluster")
        .contains("bearer token (set)")
        .doesNotContain("eyJsecret-token");
  }

  @Test
  void check_config_lists_every_problem_and_exits_78() {
    Cli empty =
        new Cli(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            java.util.Map.of());
    assertThat(empty.run("check-config")).isEqualTo(Cli.CONFIG);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("ACCEPT_EULA")
        .contains("TargetName")
        .contains("ServerCommsAddress")
        .contains("OCTOPUS__K8STENTACLE__NAMESPACE");
  }

  @Test
  void the_demo_runs_a_real_agent_against_the_simulator_and_exits_0() {
    assertThat(cli.run("demo")).as(err.toString(StandardCharsets.UTF_8)).isZero();
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed)
        .contains("read: Hello from the server simulator")
        .contains("read: And read by a script")
        .contains("ERR | the cluster is not ready")
        .contains("demo-deploy finished with exit code 0")
        .contains("demo-fail finished with exit code 3")
        .doesNotContain("UNEXPECTED");
  }

  @ParameterizedTest
  @ValueSource(strings = {"run", "demo", "check-config", "bench", "version", "help"})
  void every_command_answers_help_with_what_it_does_and_its_options_and_exits_0(String command) {
    assertThat(cli.run(command, "--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("usage: k8s-agent " + command + "\n")
        .contains("options:")
        .contains("--help");
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void run_help_lists_every_agent_setting_variable() {
    assertThat(cli.run("run", "-h")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("  K8SAGENT_HTTP_PORT (8080): Port of the HTTP endpoint serving /healthz")
        .contains("  K8SAGENT_PLUGINS_DIRECTORY (not set): Folder plugin jars are loaded from")
        .contains("  K8SAGENT_STATE_SECRET (not set): Name of the state Secret")
        .contains("K8SAGENT_LOG_FORMAT");
  }

  @Test
  void the_help_lists_only_commands_that_exist() {
    assertThat(cli.run("--help")).isZero();
    String help = out.toString(StandardCharsets.UTF_8);
    assertThat(help)
        .contains("  run ")
        .contains("  demo ")
        .contains("  check-config ")
        .contains("  bench ")
        .contains("  version ")
        .doesNotContain("still being implemented");
  }

  @Test
  void an_argument_a_command_does_not_take_is_a_usage_error() {
    assertThat(cli.run("version", "--verbose")).isEqualTo(Cli.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("'version' takes no arguments, got --verbose")
        .contains("k8s-agent version --help");
  }

  @Test
  void an_unknown_command_is_a_usage_error_that_names_it() {
    assertThat(cli.run("deploy")).isEqualTo(Cli.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("unknown command 'deploy'")
        .contains("usage: k8s-agent <command>");
  }

  @Test
  void no_command_prints_usage() {
    assertThat(cli.run()).isEqualTo(Cli.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("commands:");
  }
}
