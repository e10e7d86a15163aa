package dev.k8sagent.bootstrap.runtime;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.k8sagent.adapters.k8s.ApiCallTimer;
import dev.k8sagent.adapters.k8s.ApiCalls;
import dev.k8sagent.adapters.k8s.KubernetesClients;
import dev.k8sagent.adapters.k8s.KubernetesClusterEvents;
import dev.k8sagent.adapters.k8s.KubernetesClusterInfo;
import dev.k8sagent.adapters.k8s.RequestBudget;
import dev.k8sagent.adapters.k8s.SecretAgentStateStore;
import dev.k8sagent.adapters.k8s.pods.KubernetesScriptPods;
import dev.k8sagent.adapters.k8s.pods.ScriptPodTimings;
import dev.k8sagent.bootstrap.config.AgentSettings;
import dev.k8sagent.bootstrap.config.EventSettings;
import dev.k8sagent.bootstrap.health.PrometheusMetrics;
import dev.k8sagent.ports.out.AgentStateStore;
import dev.k8sagent.ports.out.ClusterInfo;
import dev.k8sagent.ports.out.EventSubject;
import dev.k8sagent.ports.out.ScriptPods;
import dev.k8sagent.ports.service.ReportingEvents;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The cluster the agent runs in: script pods and their watch, cluster version, state Secret. */
final class KubernetesModule extends AbstractModule {
  /** The {@code reportingController} of the agent's Events. */
  static final String EVENT_CONTROLLER = "k8s-agent.dev/agent";

  private final Map<String, String> environment;

  KubernetesModule(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  @Provides
  @Singleton
  KubernetesClients clients(AgentSettings settings, PrometheusMetrics metrics) {
    KubernetesClients clients =
        KubernetesClients.fromEnvironment(environment, settings.pods().kubeconfig());
    ApiCallTimer.install(clients.client(), metrics::apiCall);
    ApiCallTimer.install(clients.watchClient(), metrics::apiCall);
    return clients;
  }

  /** Events about the agent's pod (when the downward API names it) and about script pods. */
  @Provides
  @Singleton
  AgentEvents events(
      KubernetesClients clients, AgentSettings settings, Clock clock, ApiCalls calls) {
    EventSettings self = settings.events();
    Optional<EventSubject> agentPod =
        self.podName().flatMap(name -> self.podNamespace().map(ns -> EventSubject.pod(ns, name)));
    return new AgentEvents(
        Optional.of(
            new ReportingEvents(
                new KubernetesClusterEvents(
                    clients.client(), calls, EVENT_CONTROLLER, self.podName().orElse("k8s-agent")),
                clock,
                ReportingEvents.Limits.defaults())),
        agentPod,
        settings.pods().scriptPods().orElseThrow().namespace());
  }

  /** One budget for every API call the agent makes. */
  @Provides
  @Singleton
  ApiCalls apiCalls(AgentSettings settings) {
    return ApiCalls.standard(
        RequestBudget.of(
            settings.pods().apiBudget().perSecond(), settings.pods().apiBudget().burst()));
  }

  @Provides
  @Singleton
  KubernetesScriptPods kubernetesPods(
      KubernetesClients clients, AgentSettings settings, Clock clock, ApiCalls calls) {
    return new KubernetesScriptPods(
        clients.client(),
        clients.watchClient(),
        settings.pods().scriptPods().orElseThrow(),
        ScriptPodTimings.defaults(),
        clock,
        calls);
  }

  @Provides
  @Singleton
  ScriptPods pods(KubernetesScriptPods pods, AgentEvents events) {
    return new ReportingScriptPods(pods, events);
  }

  @Provides
  PodsLifecycle lifecycle(KubernetesScriptPods pods) {
    return new PodsLifecycle() {
      @Override
      public void start() {
        pods.start();
      }

      @Override
      public void close() {
        pods.close(); // the pods keep running; the next agent picks them up
      }
    };
  }

  @Provides
  @Singleton
  ClusterInfo cluster(KubernetesClients clients, Clock clock) {
    return new KubernetesClusterInfo(clients.client(), clock, Duration.ofMinutes(10));
  }

  @Provides
  @Singleton
  AgentStateStore store(KubernetesClients clients, AgentSettings settings, ApiCalls calls) {
    return new SecretAgentStateStore(
        clients.client(),
        calls,
        settings.pods().scriptPods().orElseThrow().namespace(),
        settings.storage().stateSecret());
  }
}
