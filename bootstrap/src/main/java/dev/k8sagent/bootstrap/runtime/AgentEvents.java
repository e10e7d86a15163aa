package dev.k8sagent.bootstrap.runtime;

import dev.k8sagent.adapters.k8s.pods.PodNames;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.ports.out.ClusterEvent;
import dev.k8sagent.ports.out.EventReason;
import dev.k8sagent.ports.out.EventSubject;
import dev.k8sagent.ports.service.ReportingEvents;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Kubernetes Events the agent reports: about its own pod (when it knows it, from the downward
 * API) and about script pods. Without a cluster ({@link #none()}) nothing is reported. Reporting
 * never blocks and never fails: see {@link ReportingEvents}.
 */
final class AgentEvents implements AutoCloseable {
  private final Optional<ReportingEvents> reporting;
  private final Optional<EventSubject> agentPod;
  private final String scriptNamespace;

  AgentEvents(
      Optional<ReportingEvents> reporting,
      Optional<EventSubject> agentPod,
      String scriptNamespace) {
    this.reporting = reporting;
    this.agentPod = agentPod;
    this.scriptNamespace = scriptNamespace;
  }

  /** Reports nothing: a run without a cluster. */
  static AgentEvents none() {
    return new AgentEvents(Optional.empty(), Optional.empty(), "");
  }

  void start() {
    reporting.ifPresent(ReportingEvents::start);
  }

  /** Something about the agent itself; dropped when the agent does not know its pod. */
  void aboutAgent(EventReason reason, String note) {
    agentPod.ifPresent(
        pod -> reporting.ifPresent(r -> r.report(new ClusterEvent(pod, reason, note))));
  }

  /** Something about the script pod of {@code ticket}. */
  void aboutScriptPod(ScriptTicket ticket, EventReason reason, String note) {
    reporting.ifPresent(
        r ->
            r.report(
                new ClusterEvent(
                    EventSubject.pod(scriptNamespace, PodNames.pod(ticket)), reason, note)));
  }

  /**
   * Events not written, by cause ({@code rate_limited}, {@code queue_full}, {@code write_failed}).
   */
  Map<String, Long> dropped() {
    Map<String, Long> byCause = new TreeMap<>();
    for (ReportingEvents.Dropped cause : ReportingEvents.Dropped.values()) {
      byCause.put(cause.name().toLowerCase(Locale.ROOT), 0L);
    }
    reporting.ifPresent(
        r ->
            r.dropped()
                .forEach((cause, n) -> byCause.put(cause.name().toLowerCase(Locale.ROOT), n)));
    return byCause;
  }

  @Override
  public void close() {
    reporting.ifPresent(ReportingEvents::close);
  }
}
