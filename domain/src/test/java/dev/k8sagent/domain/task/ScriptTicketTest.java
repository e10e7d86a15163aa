package dev.k8sagent.domain.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScriptTicketTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a",
        "ServerTasks-123",
        "e7c0a7d8f01e4f6c9b1b2c3d4e5f6a7b",
        "task_1.retry-2",
        "0abc"
      })
  void accepts_ticket_ids_safe_as_file_and_pod_names(String id) {
    assertThat(new ScriptTicket(id).taskId()).isEqualTo(id);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        ".",
        "..",
        ".hidden",
        "-leading-dash",
        "a/b",
        "a\\b",
        "a b",
        "tab\t",
        "ä",
        "a:b",
        "nul\0"
      })
  void rejects_ticket_ids_that_are_unsafe_in_a_path_or_pod_name(String id) {
    assertThatThrownBy(() -> new ScriptTicket(id))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Script ticket");
  }

  @Test
  void rejects_ticket_ids_longer_than_128_characters() {
    assertThat(new ScriptTicket("a".repeat(128)).taskId()).hasSize(128);
    assertThatThrownBy(() -> new ScriptTicket("a".repeat(129)))
        .hasMessageContaining("longer than 128");
  }

  @Test
  void rejects_a_missing_ticket_id() {
    assertThatThrownBy(() -> new ScriptTicket(null)).hasMessageContaining("must not be blank");
  }

  @Test
  void tickets_compare_ignoring_case_as_octopus_does() {
    ScriptTicket upper = new ScriptTicket("ServerTasks-1");
    ScriptTicket lower = new ScriptTicket("servertasks-1");
    assertThat(upper).isEqualTo(lower).hasSameHashCodeAs(lower);
    assertThat(upper.key()).isEqualTo("servertasks-1");
    assertThat(upper.toString()).isEqualTo("ServerTasks-1");
  }
}
