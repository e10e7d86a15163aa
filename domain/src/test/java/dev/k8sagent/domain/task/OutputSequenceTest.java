package dev.k8sagent.domain.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutputSequenceTest {

  @ParameterizedTest(name = "script line {0} is sequence {1}")
  @CsvSource({"1, 1000000", "2, 2000000", "1234, 1234000000"})
  void script_lines_are_numbered_from_the_output_file_alone(long fileLine, long sequence) {
    assertThat(OutputSequence.ofScriptLine(fileLine)).isEqualTo(sequence);
  }

  @ParameterizedTest(name = "after {0} the agent line is {1}")
  @CsvSource({"0, 1", "1000000, 1000001", "1000001, 1000002", "2999998, 2999999"})
  void agent_lines_fit_between_script_lines(long last, long next) {
    assertThat(OutputSequence.nextAgentLine(last)).isEqualTo(next);
    assertThat(next).isLessThan(OutputSequence.ofScriptLine(last / OutputSequence.STRIDE + 1));
  }

  @Test
  void agent_lines_never_take_the_number_of_the_next_script_line() {
    assertThat(OutputSequence.nextAgentLine(1_999_999)).isEqualTo(-1);
    assertThat(OutputSequence.nextAgentLine(999_999)).isEqualTo(-1);
  }

  @Test
  void script_line_numbers_start_at_one() {
    assertThatThrownBy(() -> OutputSequence.ofScriptLine(0)).hasMessageContaining("out of range");
  }
}
