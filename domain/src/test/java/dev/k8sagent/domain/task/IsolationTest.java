package dev.k8sagent.domain.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k8sagent.domain.task.Isolation.FullIsolation;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IsolationTest {

  @Test
  void no_isolation_from_the_wire_value_zero() {
    assertThat(Isolation.fromRequest(0, "ignored", Duration.ofMinutes(1)))
        .isEqualTo(Isolation.NONE);
  }

  @Test
  void full_isolation_keeps_the_mutex_name_and_timeout() {
    Isolation isolation = Isolation.fromRequest(1, "deploy-lock", Duration.ofMinutes(5));

    assertThat(isolation)
        .isEqualTo(new FullIsolation("deploy-lock", Optional.of(Duration.ofMinutes(5))));
    assertThat(isolation.wireValue()).isEqualTo(1);
  }

  @Test
  void a_missing_mutex_name_means_tentacles_default() {
    FullIsolation isolation = (FullIsolation) Isolation.fromRequest(1, " ", Duration.ofMinutes(1));

    assertThat(isolation.mutexName()).isEqualTo("RunningScript");
  }

  @Test
  void a_negative_timeout_from_dotnet_means_wait_without_limit() {
    FullIsolation isolation = (FullIsolation) Isolation.fromRequest(1, "m", Duration.ofMillis(-1));

    assertThat(isolation.timeout()).isEmpty();
  }

  @Test
  void an_unknown_isolation_level_is_refused() {
    assertThatThrownBy(() -> Isolation.fromRequest(7, "m", Duration.ZERO))
        .hasMessageContaining("Unknown script isolation level 7");
  }

  @Test
  void a_negative_timeout_cannot_be_built_directly() {
    assertThatThrownBy(() -> new FullIsolation("m", Optional.of(Duration.ofSeconds(-1))))
        .hasMessageContaining("must not be negative");
  }
}
