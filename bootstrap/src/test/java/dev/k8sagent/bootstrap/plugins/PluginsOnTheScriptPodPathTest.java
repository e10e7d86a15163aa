package dev.k8sagent.bootstrap.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.k8sagent.adapters.k8s.ApiCalls;
import dev.k8sagent.adapters.k8s.fake.FakeApiServer;
import dev.k8sagent.adapters.k8s.fake.SimulatedKubelet;
import dev.k8sagent.adapters.k8s.pods.KubernetesScriptPods;
import dev.k8sagent.adapters.k8s.pods.PodNames;
import dev.k8sagent.adapters.k8s.pods.ScriptPodSettings;
import dev.k8sagent.adapters.k8s.pods.ScriptPodTimings;
import dev.k8sagent.domain.task.AuthContext;
import dev.k8sagent.domain.task.ExitCode;
import dev.k8sagent.domain.task.Isolation;
import dev.k8sagent.domain.task.OutputLine;
import dev.k8sagent.domain.task.ScriptOutputFormat;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.domain.version.KubernetesVersion;
import dev.k8sagent.plugins.api.PluginContext;
import dev.k8sagent.ports.in.ScriptStatusQuery;
import dev.k8sagent.ports.in.StartScript;
import dev.k8sagent.ports.out.twins.InMemoryWorkspaces;
import dev.k8sagent.ports.service.BootstrapRunner;
import dev.k8sagent.ports.service.ExecutionSettings;
import dev.k8sagent.ports.service.RunningScripts;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1LocalObjectReference;
import io.kubernetes.client.openapi.models.V1Pod;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugins on the real script-pod path: the real host over plugin jars in a plugins folder, the
 * execution core, and the Kubernetes adapter against a fake API server. What the plugins chose is
 * read back from the pod the API server stored, and from the task's log the server would see.
 */
class PluginsOnTheScriptPodPathTest {
  private static final String NAMESPACE = "octopus-agent";
  private static final Path EXAMPLES = Path.of("target", "example-plugins");
  private static final String ROLE = "arn:aws:iam::111122223333:role/deploy";

  @TempDir Path folder;
  private final FakeApiServer server = FakeApiServer.started();
  private final SimulatedKubelet kubelet = new SimulatedKubelet(server.client(), NAMESPACE);
  private final InMemoryWorkspaces workspaces =
      new InMemoryWorkspaces("/octopus", Clock.systemUTC());
  private final KubernetesScriptPods pods =
      new KubernetesScriptPods(
          server.client(),
          server.watchClient(),
          ScriptPodSettings.fromEnvironment(
              "/octopus",
              Map.of(
                  "OCTOPUS__K8STENTACLE__NAMESPACE", NAMESPACE,
                  "OCTOPUS__K8STENTACLE__PODVOLUMECLAIMNAME", "agent-home",
                  "OCTOPUS__K8STENTACLE__HELMRELEASENAME", "agent",
                  "OCTOPUS__K8STENTACLE__PODIMAGEPULLSECRETNAMES", "regcred")),
          ScriptPodTimings.defaults(),
          Clock.systemUTC(),
          new ApiCalls(4, Duration.ofMillis(20)));
  private PluginHost host;

  @AfterEach
  void stop() throws Exception {
    if (host != null) {
      host.close();
    }
    pods.close();
    kubelet.close();
    server.close();
  }

  @Test
  void the_example_plugins_choose_the_image_its_pull_and_the_workload_identity_of_the_pod()
      throws Exception {
    Path plugins = Files.createDirectories(folder.resolve("plugins"));
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(EXAMPLES, "*.jar")) {
      for (Path jar : jars) {
        Files.copy(jar, plugins.resolve(jar.getFileName()));
      }
    }
    Path journal = folder.resolve("tasks.jsonl");
    Map<String, String> environment =
        Map.of(
            PluginContext.variableFor("registry-mirror", "registry"), "mirror.corp:5000",
            PluginContext.variableFor("cloud-cli", "image"), "registry.corp/aws-cli:2.17",
            PluginContext.variableFor("cloud-cli", "pull-policy"), "Always",
            PluginContext.variableFor("cloud-cli", "pull-secret"), "corp-pull",
            PluginContext.variableFor("cloud-cli", "role-arn"), ROLE,
            PluginContext.variableFor("task-journal", "file"), journal.toString());
    RunningScripts scripts = scriptsWith(plugins, environment);
    ScriptTicket ticket = new ScriptTicket("Plugged-1");
    kubelet.behave(ticket.taskId(), SimulatedKubelet.Behaviour.runningUntilStopped());

    scripts.start(startScript(ticket));

    V1Pod pod = stored(ticket);
    V1Container script = pod.getSpec().getContainers().get(0);
    assertThat(script.getImage()).isEqualTo("registry.corp/aws-cli:2.17");
    assertThat(script.getImagePullPolicy()).isEqualTo("Always");
    assertThat(pod.getSpec().getImagePullSecrets())
        .extracting(V1LocalObjectReference::getName)
        .containsExactly("corp-pull", "regcred");
    assertThat(pod.getMetadata().getAnnotations())
        .containsEntry("eks.amazonaws.com/role-arn", ROLE);
    assertThat(script.getEnv())
        .extracting(V1EnvVar::getName, V1EnvVar::getValue)
        .contains(
            org.assertj.core.groups.Tuple.tuple("AWS_ROLE_ARN", ROLE),
            org.assertj.core.groups.Tuple.tuple("TentacleHome", "/octopus"));

    runnerEnds(ticket, 3);
    assertThat(scripts.status(new ScriptStatusQuery(ticket, 0)).exitCode())
        .isEqualTo(ExitCode.of(3));
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(journal).exists();
              assertThat(Files.readAllLines(journal))
                  .singleElement()
                  .asString()
                  .contains("\"task\":\"Plugged-1\"", "\"exitCode\":3", "\"project\":\"web\"")
                  .contains("\"scriptType\":\"Bash\"");
            });
  }

  @Test
  void a_customizer_making_the_pod_privileged_is_refused_and_the_task_log_says_why()
      throws Exception {
    Path plugins = Files.createDirectories(folder.resolve("plugins"));
    PluginJars.write(
        plugins, "privileged", true, Optional.empty(), MisbehavingPlugins.Privileged.class);
    RunningScripts scripts = scriptsWith(plugins, Map.of());
    ScriptTicket ticket = new ScriptTicket("Escalating-1");
    kubelet.behave(ticket.taskId(), SimulatedKubelet.Behaviour.runningUntilStopped());

    scripts.start(startScript(ticket));

    V1Pod pod = stored(ticket);
    assertThat(pod.getMetadata().getLabels()).doesNotContainKey("escalated");
    V1Container script = pod.getSpec().getContainers().get(0);
    assertThat(script.getSecurityContext().getPrivileged()).isNotEqualTo(Boolean.TRUE);
    assertThat(script.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(scripts.status(new ScriptStatusQuery(ticket, 0)).logs())
        .extracting(OutputLine::text)
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("Plugin privileged")
                    .contains("was refused for this task")
                    .contains("changes the security settings"));
    assertThat(host.failures()).containsEntry("privileged", 1L);
  }

  private RunningScripts scriptsWith(Path plugins, Map<String, String> environment) {
    pods.start();
    host =
        Hosts.started(
            plugins, id -> PluginContext.fromEnvironment(id, environment), List.of("aws-cli"));
    return new RunningScripts(
        workspaces,
        pods,
        host,
        host,
        host,
        () -> Optional.of(KubernetesVersion.parse("v1.31.2")),
        ExecutionSettings.defaults(),
        Clock.systemUTC());
  }

  private static StartScript startScript(ScriptTicket ticket) {
    return new StartScript(
        ticket,
        "ServerTasks-1",
        "echo deploying",
        Map.of(),
        List.of(),
        Isolation.NONE,
        Optional.empty(),
        Optional.empty(),
        List.of(),
        false,
        Optional.of(
            new AuthContext(
                "default", "web", Optional.empty(), "production", Optional.empty(), "deploy")),
        Optional.empty());
  }

  private V1Pod stored(ScriptTicket ticket) throws Exception {
    return new CoreV1Api(server.client())
        .readNamespacedPod(PodNames.pod(ticket), NAMESPACE)
        .execute();
  }

  /** Writes the runner's end marker with {@code exitCode}, as the runner in the pod would. */
  private void runnerEnds(ScriptTicket ticket, int exitCode) {
    String end =
        ScriptOutputFormat.formatEnd(1, ExitCode.of(exitCode), java.time.Instant.now()) + "\n";
    workspaces.write(
        ticket,
        BootstrapRunner.OUTPUT_FILE,
        new ByteArrayInputStream(end.getBytes(StandardCharsets.UTF_8)),
        false);
  }
}
