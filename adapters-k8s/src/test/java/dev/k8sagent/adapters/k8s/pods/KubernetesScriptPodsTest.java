package dev.k8sagent.adapters.k8s.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k8sagent.adapters.k8s.ApiCalls;
import dev.k8sagent.adapters.k8s.fake.FakeApiServer;
import dev.k8sagent.adapters.k8s.fake.SimulatedKubelet;
import dev.k8sagent.domain.image.ContainerImage;
import dev.k8sagent.domain.image.ImagePullCredentials;
import dev.k8sagent.domain.task.ExitCode;
import dev.k8sagent.domain.task.ScriptState;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.domain.task.TaskLifecycle;
import dev.k8sagent.ports.out.PodAdditions;
import dev.k8sagent.ports.out.PodEvent;
import dev.k8sagent.ports.out.PodLaunch;
import dev.k8sagent.ports.out.PodObservation;
import dev.k8sagent.ports.out.ScriptPods;
import dev.k8sagent.ports.out.contract.ScriptPodsContract;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1Secret;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client-java adapter against fabric8's CRUD mock behind {@link FakeApiServer}, with a {@link
 * SimulatedKubelet} moving the pods along.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KubernetesScriptPodsTest extends ScriptPodsContract {
  private static final String NAMESPACE = "octopus-agent";

  private final FakeApiServer server = FakeApiServer.started();
  private final SimulatedKubelet kubelet = new SimulatedKubelet(server.client(), NAMESPACE);
  private final ScriptPodSettings settings =
      ScriptPodSettings.fromEnvironment(
          "/octopus",
          Map.of(
              "OCTOPUS__K8STENTACLE__NAMESPACE", NAMESPACE,
              "OCTOPUS__K8STENTACLE__PODVOLUMECLAIMNAME", "agent-home",
              "OCTOPUS__K8STENTACLE__HELMRELEASENAME", "agent",
              "OCTOPUS__K8STENTACLE__PODSERVICEACCOUNTNAME", "agent-scripts",
              "OCTOPUS__K8STENTACLE__PODIMAGEPULLSECRETNAMES", "regcred"));
  private final List<KubernetesScriptPods> agents = new ArrayList<>();
  private final KubernetesScriptPods pods = agent();

  @AfterEach
  void stop() throws Exception {
    agents.forEach(KubernetesScriptPods::close);
    kubelet.close();
    server.close();
  }

  private KubernetesScriptPods agent() {
    KubernetesScriptPods agent =
        new KubernetesScriptPods(
            server.client(),
            server.watchClient(),
            settings,
            ScriptPodTimings.defaults()
                .withDeleteGrace(Duration.ofSeconds(5))
                .withEventInterval(Duration.ofMillis(100)),
            Clock.systemUTC(),
            new ApiCalls(4, Duration.ofMillis(20)));
    agent.start();
    agents.add(agent);
    return agent;
  }

  @Override
  protected ScriptPods pods() {
    return pods;
  }

  @Override
  protected PodLaunch launchExiting(ScriptTicket ticket, int exitCode) {
    kubelet.behave(ticket.taskId(), SimulatedKubelet.Behaviour.exiting(exitCode));
    return launch(ticket, Optional.empty());
  }

  @Override
  protected PodLaunch launchRunningUntilStopped(ScriptTicket ticket) {
    kubelet.behave(ticket.taskId(), SimulatedKubelet.Behaviour.runningUntilStopped());
    return launch(ticket, Optional.empty());
  }

  @Test
  void the_pod_in_the_cluster_carries_the_whole_spec() throws Exception {
    ScriptTicket ticket = new ScriptTicket("Spec-1");
    pods.launch(launchRunningUntilStopped(ticket));

    V1Pod stored =
        new CoreV1Api(server.client())
            .readNamespacedPod("octopus-script-spec-1", NAMESPACE)
            .execute();
    assertThat(stored.getMetadata().getLabels())
        .containsEntry("octopus.com/scriptTicketId", "spec-1")
        .containsEntry("agent.octopus.com/release", "agent");
    assertThat(stored.getSpec().getServiceAccountName()).isEqualTo("agent-scripts");
    assertThat(stored.getSpec().getImagePullSecrets())
        .extracting(r -> r.getName())
        .containsExactly("regcred");
    assertThat(stored.getSpec().getContainers().get(0).getImage())
        .isEqualTo("octopusdeploy/kubernetes-agent-tools-base:1.31");
    assertThat(stored.getSpec().getContainers().get(0).getVolumeMounts().get(0).getMountPath())
        .isEqualTo("/octopus");
    assertThat(stored.getSpec().getVolumes().get(0).getPersistentVolumeClaim().getClaimName())
        .isEqualTo("agent-home");
    assertThat(stored.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
  }

  @Test
  void plugin_additions_and_the_offered_pull_reach_the_pod_in_the_cluster() throws Exception {
    ScriptTicket ticket = new ScriptTicket("Added-1");
    PodAdditions additions =
        new PodAdditions(
            Map.of("team", "blue"),
            Map.of("eks.amazonaws.com/role-arn", "arn:aws:iam::1:role/deploy"),
            Map.of("AWS_REGION", "eu-west-1"),
            List.of(new PodAdditions.Volume("ca", PodAdditions.Volume.Kind.SECRET, "corp-ca")),
            List.of(new PodAdditions.Mount("ca", "/etc/corp-ca", true)),
            List.of(
                new PodAdditions.InitContainer(
                    "fetch-token",
                    "registry.corp/token:1",
                    List.of("fetch", "--out", "/etc/corp-ca"),
                    Map.of(),
                    List.of(new PodAdditions.Mount("ca", "/etc/corp-ca", false)))),
            Optional.of(PodAdditions.PullPolicy.ALWAYS),
            List.of("mirror-pull"));

    pods.launch(launchRunningUntilStopped(ticket).adding(additions));

    V1Pod stored =
        new CoreV1Api(server.client())
            .readNamespacedPod("octopus-script-added-1", NAMESPACE)
            .execute();
    assertThat(stored.getMetadata().getLabels())
        .containsEntry("team", "blue")
        .containsEntry("octopus.com/scriptTicketId", "added-1");
    assertThat(stored.getMetadata().getAnnotations())
        .containsEntry("eks.amazonaws.com/role-arn", "arn:aws:iam::1:role/deploy");
    V1Container script = stored.getSpec().getContainers().get(0);
    assertThat(script.getImagePullPolicy()).isEqualTo("Always");
    assertThat(stored.getSpec().getImagePullSecrets())
        .extracting(r -> r.getName())
        .containsExactly("mirror-pull", "regcred");
    assertThat(script.getEnv())
        .anySatisfy(
            v -> {
              assertThat(v.getName()).isEqualTo("AWS_REGION");
              assertThat(v.getValue()).isEqualTo("eu-west-1");
            });
    assertThat(script.getVolumeMounts())
        .extracting(m -> m.getMountPath())
        .containsExactly("/octopus", "/etc/corp-ca");
    assertThat(stored.getSpec().getVolumes())
        .extracting(v -> v.getSecret() == null ? null : v.getSecret().getSecretName())
        .containsExactly(null, "corp-ca");
    V1Container init = stored.getSpec().getInitContainers().get(0);
    assertThat(init.getName()).isEqualTo("fetch-token");
    assertThat(init.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(init.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
  }

  @Test
  void feed_credentials_become_a_pull_secret_tried_first() throws Exception {
    ScriptTicket ticket = new ScriptTicket("private-feed");
    kubelet.behave(ticket.taskId(), SimulatedKubelet.Behaviour.exiting(0));
    pods.launch(
        launch(
            ticket,
            Optional.of(
                new ImagePullCredentials(
                    "https://registry.example:5000/v2", "deployer", "s3cret"))));

    CoreV1Api api = new CoreV1Api(server.client());
    V1Pod stored = api.readNamespacedPod("octopus-script-private-feed", NAMESPACE).execute();
    String feedSecret = stored.getSpec().getImagePullSecrets().get(0).getName();
    assertThat(feedSecret).startsWith("octopus-feed-");
    assertThat(stored.getSpec().getImagePullSecrets())
        .extracting(r -> r.getName())
        .endsWith("regcred");
    V1Secret secret = api.readNamespacedSecret(feedSecret, NAMESPACE).execute();
    assertThat(secret.getType()).isEqualTo("kubernetes.io/dockerconfigjson");
    assertThat(new String(secret.getData().get(".dockerconfigjson"), StandardCharsets.UTF_8))
        .contains("\"registry.example:5000\"")
        .contains("\"username\":\"deployer\"");
  }

  @Test
  void an_image_pull_error_shows_up_as_a_warning_event() {
    ScriptTicket ticket = new ScriptTicket("bad-image");
    kubelet.behave(
        ticket.taskId(),
        SimulatedKubelet.Behaviour.failingToPull("Failed to pull image \"nope:1\": not found"));
    pods.launch(launch(ticket, Optional.empty()));

    await(
        () ->
            pods.observe(ticket).orElseThrow().events().stream()
                .anyMatch(e -> e.warning() && e.message().contains("not found")),
        "the pull failure to appear as an event");
    PodObservation seen = pods.observe(ticket).orElseThrow();
    assertThat(seen.lifecycle()).isEqualTo(TaskLifecycle.PENDING);
    assertThat(seen.events())
        .extracting(PodEvent::reason)
        .contains("Scheduled", "Pulling", "Failed");
  }

  @Test
  void a_pod_deleted_under_the_agent_is_no_longer_observed() throws Exception {
    ScriptTicket ticket = new ScriptTicket("deleted-by-someone");
    pods.launch(launchRunningUntilStopped(ticket));
    await(() -> running(pods, ticket), "the pod to run");

    new CoreV1Api(server.client())
        .deleteNamespacedPod("octopus-script-deleted-by-someone", NAMESPACE)
        .execute();

    await(() -> pods.observe(ticket).isEmpty(), "the deletion to be seen through the watch");
  }

  @Test
  void when_the_watch_ends_it_resumes_from_the_last_version_without_a_list_and_misses_nothing() {
    ScriptTicket ticket = new ScriptTicket("across-watches");
    pods.launch(launchExiting(ticket, 7));
    await(() -> server.watchesStarted() >= 1, "a watch to start");
    await(() -> pods.observe(ticket).isPresent(), "the pod to be tracked");
    long listsBefore = pods.listCount();
    long watchesBefore = server.watchesStarted();

    kubelet.pause();
    server.endWatches();
    kubelet.resume(); // the pod finishes while no watch may be open

    await(() -> server.watchesStarted() > watchesBefore, "a new watch after the old one ended");
    await(
        () ->
            pods.observe(ticket)
                .map(p -> p.lifecycle().equals(new TaskLifecycle.Complete(ExitCode.of(7))))
                .orElse(false),
        "the exit code to arrive");
    assertThat(pods.listCount())
        .as("no list: the watch went on from its version")
        .isEqualTo(listsBefore);
  }

  @Test
  void an_expired_watch_version_leads_to_a_fresh_list_not_a_stuck_agent() {
    ScriptTicket ticket = new ScriptTicket("after-expiry");
    await(() -> server.watchesStarted() >= 1, "a watch to start");
    long listsBefore = pods.listCount();
    long watchesBefore = server.watchesStarted();

    server.expireWatches();

    await(() -> pods.listCount() > listsBefore, "a fresh list after 410 Gone");
    await(() -> server.watchesStarted() > watchesBefore, "a new watch");
    pods.launch(launchExiting(ticket, 3));
    await(
        () ->
            pods.observe(ticket)
                .map(p -> p.lifecycle().equals(new TaskLifecycle.Complete(ExitCode.of(3))))
                .orElse(false),
        "the new watch to carry the exit code");
  }

  @Test
  void the_execution_core_picks_the_tools_image_for_the_clusters_version() throws Exception {
    server.gitVersion("v1.30.2-eks-036c24b");
    dev.k8sagent.ports.service.RunningScripts scripts =
        new dev.k8sagent.ports.service.RunningScripts(
            new dev.k8sagent.ports.out.twins.InMemoryWorkspaces("/octopus", Clock.systemUTC()),
            pods,
            request -> Optional.empty(),
            new dev.k8sagent.adapters.k8s.KubernetesClusterInfo(
                server.client(), Clock.systemUTC(), Duration.ofMinutes(10)),
            dev.k8sagent.ports.service.ExecutionSettings.defaults(),
            Clock.systemUTC());
    ScriptTicket ticket = new ScriptTicket("matched-image");
    scripts.start(
        new dev.k8sagent.ports.in.StartScript(
            ticket,
            "ServerTasks-1",
            "echo hi",
            Map.of(dev.k8sagent.domain.task.ScriptType.BASH, "echo hi"),
            List.of(),
            new dev.k8sagent.domain.task.Isolation.NoIsolation(),
            Optional.empty(),
            Optional.empty(),
            List.of(),
            false,
            Optional.empty(),
            Optional.empty()));

    V1Pod stored =
        new CoreV1Api(server.client())
            .readNamespacedPod("octopus-script-matched-image", NAMESPACE)
            .execute();
    assertThat(stored.getSpec().getContainers().get(0).getImage())
        .isEqualTo("octopusdeploy/kubernetes-agent-tools-base:1.30");
    assertThat(stored.getSpec().getContainers().get(0).getArgs())
        .startsWith(
            "/octopus/Work/matched-image/k8s-agent-runner.sh", "/octopus/Work/matched-image");
  }

  @Test
  void a_restarted_agent_picks_up_its_running_pods_and_sees_them_finish() {
    ScriptTicket ticket = new ScriptTicket("survives-restart");
    kubelet.behave(
        ticket.taskId(),
        new SimulatedKubelet.Behaviour(
            Duration.ofMillis(50),
            Duration.ofSeconds(2),
            java.util.OptionalInt.of(5),
            Optional.empty()));
    pods.launch(launch(ticket, Optional.empty()));
    await(() -> running(pods, ticket), "the pod to run");
    pods.close();

    KubernetesScriptPods restarted = agent();
    assertThat(restarted.owned()).extracting(PodObservation::ticket).contains(ticket);
    await(
        () ->
            restarted
                .observe(ticket)
                .map(p -> p.lifecycle().equals(new TaskLifecycle.Complete(ExitCode.of(5))))
                .orElse(false),
        "the re-attached task to complete");
  }

  @Test
  void a_second_agent_launching_the_same_ticket_makes_no_second_pod() {
    ScriptTicket ticket = new ScriptTicket("raced");
    pods.launch(launchRunningUntilStopped(ticket));
    KubernetesScriptPods other = agent();
    other.launch(launchRunningUntilStopped(ticket));
    assertThat(other.owned()).extracting(PodObservation::ticket).containsOnlyOnce(ticket);
    assertThat(server.calls("POST pods")).isEqualTo(2);
  }

  @Test
  void a_pod_of_the_same_name_made_by_another_release_is_neither_adopted_nor_observed()
      throws Exception {
    ScriptTicket ticket = new ScriptTicket("foreign");
    CoreV1Api api = new CoreV1Api(server.client());
    api.createNamespacedPod(
            NAMESPACE,
            new V1Pod()
                .apiVersion("v1")
                .kind("Pod")
                .metadata(
                    new V1ObjectMeta()
                        .name("octopus-script-foreign")
                        .labels(PodNames.ownerLabels("another-release")))
                .spec(
                    new V1PodSpec()
                        .containers(List.of(new V1Container().name("c").image("busybox")))))
        .execute();

    assertThat(pods.observe(ticket)).isEmpty();
    assertThatThrownBy(() -> pods.launch(launchRunningUntilStopped(ticket)))
        .hasMessageContaining("octopus-script-foreign")
        .hasMessageContaining("was not made by this agent");
    assertThat(pods.owned()).extracting(PodObservation::ticket).doesNotContain(ticket);
  }

  @Test
  void changed_feed_credentials_get_a_new_pull_secret_and_no_secret_is_ever_replaced()
      throws Exception {
    ScriptTicket first = new ScriptTicket("feed-one");
    ScriptTicket second = new ScriptTicket("feed-two");
    kubelet.behave(first.taskId(), SimulatedKubelet.Behaviour.exiting(0));
    kubelet.behave(second.taskId(), SimulatedKubelet.Behaviour.exiting(0));
    String feed = "https://registry.example:5000/v2";
    pods.launch(launch(first, Optional.of(new ImagePullCredentials(feed, "deployer", "old"))));
    pods.launch(launch(second, Optional.of(new ImagePullCredentials(feed, "deployer", "new"))));

    CoreV1Api api = new CoreV1Api(server.client());
    String firstSecret = pullSecretOf(api, "octopus-script-feed-one");
    String secondSecret = pullSecretOf(api, "octopus-script-feed-two");
    assertThat(firstSecret).isNotEqualTo(secondSecret);
    assertThat(
            new String(
                api.readNamespacedSecret(secondSecret, NAMESPACE)
                    .execute()
                    .getData()
                    .get(".dockerconfigjson"),
                StandardCharsets.UTF_8))
        .contains("\"password\":\"new\"");
    assertThat(server.calls("PUT secrets")).isZero();
  }

  private static String pullSecretOf(CoreV1Api api, String pod) throws Exception {
    return api.readNamespacedPod(pod, NAMESPACE)
        .execute()
        .getSpec()
        .getImagePullSecrets()
        .get(0)
        .getName();
  }

  @Test
  void busy_api_server_answers_are_retried() {
    ScriptTicket ticket = new ScriptTicket("retried");
    server.failNext("POST pods", 2, 503);
    pods.launch(launchExiting(ticket, 0));
    assertThat(pods.observe(ticket)).isPresent();
    assertThat(server.calls("POST pods")).isEqualTo(3);
  }

  @Test
  void a_refused_create_names_the_pod_and_the_api_servers_reason() {
    ScriptTicket ticket = new ScriptTicket("refused");
    server.failNext("POST pods", 1, 403);
    assertThatThrownBy(() -> pods.launch(launchExiting(ticket, 0)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("octopus-script-refused")
        .hasMessageContaining("HTTP 403")
        .hasMessageContaining("injected failure");
  }

  private static boolean running(KubernetesScriptPods agent, ScriptTicket ticket) {
    return agent
        .observe(ticket)
        .map(p -> p.lifecycle().state() == ScriptState.RUNNING)
        .orElse(false);
  }

  private static void await(Callable<Boolean> condition, String what) {
    Awaitility.await(what).atMost(Duration.ofSeconds(20)).until(condition);
  }

  static PodLaunch launch(ScriptTicket ticket, Optional<ImagePullCredentials> credentials) {
    String workspace = "/octopus/Work/" + ticket.key();
    return new PodLaunch(
        ticket,
        ContainerImage.parse("octopusdeploy/kubernetes-agent-tools-base:1.31"),
        workspace,
        workspace + "/k8s-agent-runner.sh",
        List.of(workspace, "bash", "Bootstrap.sh"),
        Optional.empty(),
        credentials,
        Map.of());
  }
}
