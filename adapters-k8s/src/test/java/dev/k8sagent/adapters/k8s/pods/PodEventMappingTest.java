package dev.k8sagent.adapters.k8s.pods;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k8sagent.ports.out.PodEvent;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How Kubernetes events become task log events, without an API server. */
class PodEventMappingTest {
  private static final Instant START = Instant.parse("2026-11-30T08:00:00Z");
  private static final String POD = "octopus-script-t";

  @Test
  void only_the_newest_events_are_kept() {
    List<CoreV1Event> many =
        IntStream.range(0, PodEvents.KEPT + 3).mapToObj(i -> about(POD, "Event" + i, i)).toList();

    assertThat(PodEvents.ofPod(POD, many))
        .hasSize(PodEvents.KEPT)
        .first()
        .extracting(PodEvent::reason)
        .isEqualTo("Event3");
  }

  static Stream<Arguments> timestamps() {
    OffsetDateTime last = at(4);
    OffsetDateTime eventTime = at(3);
    OffsetDateTime first = at(2);
    OffsetDateTime created = at(1);
    return Stream.of(
        Arguments.of("the last time it happened", event(last, eventTime, first, created), last),
        Arguments.of("else the event time", event(null, eventTime, first, created), eventTime),
        Arguments.of("else the first time", event(null, null, first, created), first),
        Arguments.of("else when the object was made", event(null, null, null, created), created),
        Arguments.of(
            "else the epoch",
            event(null, null, null, null),
            Instant.EPOCH.atOffset(ZoneOffset.UTC)));
  }

  @ParameterizedTest(name = "an event's time is {0}")
  @MethodSource("timestamps")
  void an_events_time_is_the_best_one_it_has(
      String rule, CoreV1Event event, OffsetDateTime expected) {
    assertThat(PodEvents.toPodEvent(event).occurred()).isEqualTo(expected.toInstant());
  }

  @Test
  void warnings_are_marked_and_missing_text_is_empty() {
    PodEvent warning = PodEvents.toPodEvent(new CoreV1Event().type("Warning"));
    PodEvent normal = PodEvents.toPodEvent(new CoreV1Event().type("Normal").reason("Pulled"));

    assertThat(warning.warning()).isTrue();
    assertThat(warning.reason()).isEmpty();
    assertThat(warning.message()).isEmpty();
    assertThat(normal.warning()).isFalse();
    assertThat(normal.reason()).isEqualTo("Pulled");
  }

  private static CoreV1Event event(
      OffsetDateTime last, OffsetDateTime eventTime, OffsetDateTime first, OffsetDateTime made) {
    return new CoreV1Event()
        .lastTimestamp(last)
        .eventTime(eventTime)
        .firstTimestamp(first)
        .metadata(new V1ObjectMeta().creationTimestamp(made));
  }

  private static CoreV1Event about(String pod, String reason, int second) {
    return new CoreV1Event()
        .metadata(new V1ObjectMeta().name(pod + "." + reason))
        .involvedObject(new V1ObjectReference().kind("Pod").name(pod))
        .reason(reason)
        .type("Normal")
        .lastTimestamp(at(second));
  }

  private static OffsetDateTime at(int second) {
    return START.plusSeconds(second).atOffset(ZoneOffset.UTC);
  }
}
