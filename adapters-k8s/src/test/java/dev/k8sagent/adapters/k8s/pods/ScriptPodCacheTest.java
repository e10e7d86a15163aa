package dev.k8sagent.adapters.k8s.pods;

import static dev.k8sagent.adapters.k8s.pods.APod.aPod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.k8sagent.domain.task.ExitCode;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.domain.task.TaskLifecycle;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptPodCacheTest {
  private static final ScriptTicket TICKET = new ScriptTicket("t");
  private final ScriptPodCache cache = new ScriptPodCache();

  @Test
  void a_pod_missing_from_a_list_is_gone() {
    cache.trackSeen(TICKET, aPod("t").running().build());

    long mark = cache.listStarting();
    cache.listed(List.of(), mark);

    assertThat(cache.get(TICKET).orElseThrow().gone()).isTrue();
  }

  @Test
  void a_pod_created_while_a_list_was_under_way_is_not_gone_for_missing_from_it() {
    long mark = cache.listStarting();
    cache.trackNow(TICKET, aPod("t").build());

    cache.listed(List.of(), mark);

    assertThat(cache.get(TICKET).orElseThrow().gone()).isFalse();
  }

  @Test
  void a_pod_seen_again_after_it_was_gone_is_back() {
    cache.trackSeen(TICKET, aPod("t").running().build());
    cache.listed(List.of(), cache.listStarting());

    cache.listed(List.of(aPod("t").version(2).running().build()), cache.listStarting());

    assertThat(cache.get(TICKET).orElseThrow().gone()).isFalse();
  }

  @Test
  void an_out_of_date_copy_does_not_replace_a_newer_one() {
    cache.watched("MODIFIED", aPod("t").version(5).exited(4).build());

    cache.listed(List.of(aPod("t").version(3).running().build()), cache.listStarting());

    assertThat(cache.get(TICKET).orElseThrow().lifecycle())
        .isEqualTo(new TaskLifecycle.Complete(ExitCode.of(4)));
  }

  @Test
  void the_deletion_of_an_earlier_pod_does_not_remove_a_new_pod_for_the_same_ticket() {
    cache.trackNow(TICKET, aPod("t").uid("second").running().build());

    cache.watched("DELETED", aPod("t").uid("first").build());

    assertThat(cache.get(TICKET).orElseThrow().gone()).isFalse();
    cache.watched("DELETED", aPod("t").uid("second").build());
    assertThat(cache.get(TICKET).orElseThrow().gone()).isTrue();
  }

  @Test
  void a_cancel_survives_later_events_about_the_dying_pod() {
    cache.trackNow(TICKET, aPod("t").running().build());
    cache.get(TICKET).orElseThrow().cancel();

    cache.watched("MODIFIED", aPod("t").version(2).exited(137).build());

    assertThat(cache.get(TICKET).orElseThrow().lifecycle())
        .isEqualTo(new TaskLifecycle.Complete(ExitCode.CANCELED));
  }

  @Test
  void a_new_pod_for_the_ticket_is_not_cancelled() {
    cache.trackNow(TICKET, aPod("t").uid("first").running().build());
    cache.get(TICKET).orElseThrow().cancel();

    cache.trackNow(TICKET, aPod("t").uid("second").running().build());

    assertThat(cache.get(TICKET).orElseThrow().lifecycle()).isEqualTo(TaskLifecycle.RUNNING);
  }

  @Test
  void a_task_that_completed_on_its_own_keeps_its_exit_code_when_cancelled() {
    cache.trackNow(TICKET, aPod("t").exited(2).build());

    cache.get(TICKET).orElseThrow().cancel();

    assertThat(cache.get(TICKET).orElseThrow().lifecycle())
        .isEqualTo(new TaskLifecycle.Complete(ExitCode.of(2)));
  }

  @Test
  void pods_without_the_agents_ticket_annotation_are_ignored() {
    var stranger = aPod("t").running().build();
    stranger.getMetadata().setAnnotations(null);

    cache.watched("ADDED", stranger);
    cache.listed(List.of(stranger), cache.listStarting());

    assertThat(cache.get(TICKET)).isEmpty();
  }

  @Test
  void a_deleted_pod_is_not_taken_back_from_a_late_watch_event_or_a_list() {
    cache.trackNow(TICKET, aPod("t").uid("first").running().build());
    cache.forgetDeleted(TICKET);

    cache.watched("MODIFIED", aPod("t").uid("first").running().build());
    long mark = cache.listStarting();
    cache.listed(List.of(aPod("t").uid("first").running().build()), mark);

    assertThat(cache.get(TICKET)).isEmpty();
    assertThat(cache.deleted(TICKET)).isTrue();
  }

  @Test
  void a_new_pod_of_a_deleted_ticket_is_tracked() {
    cache.trackNow(TICKET, aPod("t").uid("first").running().build());
    cache.forgetDeleted(TICKET);

    cache.watched("ADDED", aPod("t").uid("second").build());

    assertThat(cache.get(TICKET)).isPresent();
    assertThat(cache.deleted(TICKET)).isFalse();
  }

  @Test
  void the_agents_own_new_pod_of_a_deleted_ticket_is_tracked() {
    cache.trackNow(TICKET, aPod("t").uid("first").running().build());
    cache.forgetDeleted(TICKET);

    cache.trackNow(TICKET, aPod("t").uid("first").build());

    assertThat(cache.get(TICKET)).isPresent();
    assertThat(cache.deleted(TICKET)).isFalse();
  }
}
