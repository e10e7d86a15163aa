package dev.k8sagent.ports.out.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k8sagent.ports.out.ClusterEvent;
import dev.k8sagent.ports.out.ClusterEvents;
import dev.k8sagent.ports.out.EventNotWrittenException;
import dev.k8sagent.ports.out.EventReason;
import dev.k8sagent.ports.out.EventSeries;
import dev.k8sagent.ports.out.EventSubject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ClusterEvents} must do. {@link #events} gives the implementation, {@link
 * #stored} what it has stored in {@code namespace} read back (through the API for the real one).
 */
public abstract class ClusterEventsContract {
  protected static final String NAMESPACE = "octopus-agent";
  private static final Instant T0 = Instant.parse("2026-11-30T10:00:00.123456Z");

  protected abstract ClusterEvents events();

  protected abstract List<EventSeries> stored(String namespace);

  @Test
  void a_created_event_is_stored_with_what_happened_to_what() {
    EventSeries series = series("agent-0.1", EventReason.POLLING_LOST, "Connection 2 lost");

    events().create(series);

    assertThat(stored(NAMESPACE)).containsExactly(series);
  }

  @Test
  void an_update_sets_the_count_and_last_time_of_the_same_event() {
    EventSeries first = series("agent-0.2", EventReason.VOLUME_UNHEALTHY, "No answer in 5s");
    events().create(first);

    EventSeries third = first.repeated(T0.plusSeconds(30)).repeated(T0.plusSeconds(60));
    events().update(third);

    assertThat(stored(NAMESPACE)).containsExactly(third);
  }

  @Test
  void series_with_different_names_are_different_events() {
    EventSeries one = series("agent-0.3", EventReason.REGISTERED, "Registered as web");
    EventSeries two = series("script-1.4", EventReason.IMAGE_PULL_FAILED, "Back-off pulling");

    events().create(one);
    events().create(two);

    assertThat(stored(NAMESPACE)).containsExactlyInAnyOrder(one, two);
  }

  @Test
  void updating_an_event_never_created_is_refused() {
    EventSeries never = series("agent-0.5", EventReason.POLLING_RESTORED, "Back");

    assertThatThrownBy(() -> events().update(never.repeated(T0.plusSeconds(1))))
        .isInstanceOf(EventNotWrittenException.class)
        .hasMessageContaining("agent-0.5");
    assertThat(stored(NAMESPACE)).isEmpty();
  }

  @Test
  void creating_the_same_event_twice_is_refused_and_keeps_the_first() {
    EventSeries first = series("agent-0.6", EventReason.PLUGIN_FAILED, "Plugin x overran");
    events().create(first);

    assertThatThrownBy(() -> events().create(first.repeated(T0.plusSeconds(5))))
        .isInstanceOf(EventNotWrittenException.class);
    assertThat(stored(NAMESPACE)).containsExactly(first);
  }

  private static EventSeries series(String name, EventReason reason, String note) {
    String pod = name.substring(0, name.indexOf('.'));
    return new EventSeries(
        name, new ClusterEvent(EventSubject.pod(NAMESPACE, pod), reason, note), 1, T0, T0);
  }
}
