package dev.k8sagent.domain.task;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExitCodeTest {

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "-41, Fatal",
    "-42, PowerShellInvocationError",
    "-43, Canceled",
    "-44, Timeout",
    "-45, UnknownScript",
    "-46, UnknownResult",
    "-47, PowerShellNeverStarted",
    "-81, KubernetesScriptPodNotFound"
  })
  void reserved_codes_match_tentacles_script_exit_codes(int value, String name) {
    ExitCode code = ExitCode.of(value);
    assertThat(code.isReserved()).isTrue();
    assertThat(code.describe()).isEqualTo(value + " (" + name + ")");
  }

  @Test
  void named_constants_carry_the_octopus_values() {
    assertThat(ExitCode.CANCELED.value()).isEqualTo(-43);
    assertThat(ExitCode.TIMEOUT.value()).isEqualTo(-44);
    assertThat(ExitCode.UNKNOWN_RESULT.value()).isEqualTo(-46);
    assertThat(ExitCode.KUBERNETES_SCRIPT_POD_NOT_FOUND.value()).isEqualTo(-81);
  }

  @Test
  void script_exit_codes_are_not_reserved_and_only_zero_is_success() {
    assertThat(ExitCode.of(0).isSuccess()).isTrue();
    assertThat(ExitCode.of(1).isSuccess()).isFalse();
    assertThat(ExitCode.of(3).isReserved()).isFalse();
    assertThat(ExitCode.of(3).describe()).isEqualTo("3");
  }
}
