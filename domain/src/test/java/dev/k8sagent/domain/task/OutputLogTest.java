package dev.k8sagent.domain.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutputLogTest {

  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  private final OutputLog log = new OutputLog();

  @BeforeEach
  void five_lines() {
    for (int i = 1; i <= 5; i++) {
      log.append(line(i));
    }
  }

  @ParameterizedTest(name = "after {0} (limit {1}) gives lines {2}..{3}, next cursor {4}")
  @CsvSource({
    "0, 100, 1, 5, 5",
    "2, 100, 3, 5, 5",
    "4, 100, 5, 5, 5",
    "0, 2, 1, 2, 2",
    "2, 2, 3, 4, 4",
    "-7, 100, 1, 5, 5"
  })
  void the_cursor_returns_exactly_the_lines_after_it(
      long cursor, int limit, long first, long last, long next) {
    OutputBatch batch = log.after(cursor, limit);

    assertThat(batch.lines()).extracting(OutputLine::sequence).first().isEqualTo(first);
    assertThat(batch.lines()).extracting(OutputLine::sequence).last().isEqualTo(last);
    assertThat(batch.lines()).hasSize((int) (last - first + 1));
    assertThat(batch.nextSequence()).isEqualTo(next);
  }

  @ParameterizedTest
  @CsvSource({"5", "9"})
  void a_cursor_at_or_past_the_end_gets_nothing_and_keeps_its_place(long cursor) {
    OutputBatch batch = log.after(cursor, 100);

    assertThat(batch.lines()).isEmpty();
    assertThat(batch.nextSequence()).isEqualTo(cursor);
  }

  @Test
  void asking_again_with_an_old_cursor_repeats_nothing_beyond_it() {
    OutputBatch first = log.after(0, 3);
    OutputBatch retry = log.after(0, 3);
    OutputBatch rest = log.after(first.nextSequence(), 100);

    assertThat(retry).isEqualTo(first);
    assertThat(rest.lines()).extracting(OutputLine::sequence).containsExactly(4L, 5L);
  }

  @Test
  void a_line_already_present_is_ignored_not_shown_twice() {
    assertThat(log.append(line(3))).isEqualTo(OutputLog.Appended.ALREADY_PRESENT);
    assertThat(log.lastSequence()).isEqualTo(5);
  }

  @Test
  void numbers_may_skip_and_the_cursor_still_returns_exactly_what_follows() {
    log.append(line(9));
    log.append(line(20));

    assertThat(log.after(5, 100).lines()).extracting(OutputLine::sequence).containsExactly(9L, 20L);
    assertThat(log.after(7, 100).lines()).extracting(OutputLine::sequence).containsExactly(9L, 20L);
    assertThat(log.after(9, 100).lines()).extracting(OutputLine::sequence).containsExactly(20L);
    assertThat(log.after(20, 100).lines()).isEmpty();
  }

  @Test
  void an_older_number_after_a_newer_one_is_ignored() {
    log.append(line(9));

    assertThat(log.append(line(7))).isEqualTo(OutputLog.Appended.ALREADY_PRESENT);
    assertThat(log.after(5, 100).lines()).extracting(OutputLine::sequence).containsExactly(9L);
  }

  @Test
  void discarded_lines_are_no_longer_returned_and_the_rest_are() {
    log.discardThrough(3);

    assertThat(log.size()).isEqualTo(2);
    assertThat(log.after(0, 100).lines()).extracting(OutputLine::sequence).containsExactly(4L, 5L);
    assertThat(log.after(3, 100).lines()).extracting(OutputLine::sequence).containsExactly(4L, 5L);
    assertThat(log.lastSequence()).isEqualTo(5);
  }

  @Test
  void discarding_everything_keeps_the_newest_number_so_nothing_old_comes_back() {
    log.discardThrough(5);

    assertThat(log.size()).isZero();
    assertThat(log.append(line(4))).isEqualTo(OutputLog.Appended.ALREADY_PRESENT);
    assertThat(log.append(line(6))).isEqualTo(OutputLog.Appended.ADDED);
    assertThat(log.after(5, 10).lines()).extracting(OutputLine::sequence).containsExactly(6L);
  }

  @Test
  void a_long_log_discarded_in_steps_stays_consistent() {
    OutputLog big = new OutputLog();
    for (int i = 1; i <= 10_000; i++) {
      big.append(line(i));
    }
    for (int cursor = 0; cursor < 10_000; cursor += 700) {
      big.discardThrough(cursor);
      assertThat(big.after(cursor, 1).lines())
          .extracting(OutputLine::sequence)
          .containsExactly(cursor + 1L);
    }
    assertThat(big.size()).isEqualTo(10_000 - 9_800);
  }

  @Test
  void line_numbers_start_at_one() {
    assertThatThrownBy(() -> line(0)).hasMessageContaining("start at 1");
  }

  private static OutputLine line(long sequence) {
    return new OutputLine(
        sequence, OutputSource.STDOUT, "line " + sequence, T0.plusSeconds(sequence));
  }
}
