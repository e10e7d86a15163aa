package dev.k8sagent.bootstrap.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.k8sagent.domain.image.ContainerImage;
import dev.k8sagent.domain.task.ExitCode;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.plugins.api.ImageOffer;
import dev.k8sagent.plugins.api.PluginContext;
import dev.k8sagent.plugins.api.ScriptPod;
import dev.k8sagent.plugins.api.TaskFacts;
import dev.k8sagent.ports.out.ImageRequest;
import dev.k8sagent.ports.out.PodAdditions;
import dev.k8sagent.ports.out.ToolingImages;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real host over real plugin jars in a plugins folder: the example plugins as the build makes
 * them, and jars packed here for plugins that misbehave.
 */
class PluginHostTest {
  private static final Path EXAMPLES = Path.of("target", "example-plugins");
  private static final ScriptPod POD =
      new ScriptPod(
          Map.of("app.kubernetes.io/name", "octopus-script"),
          Map.of(),
          Map.of("OCTOPUS_RUNNER", "1"),
          List.of(new ScriptPod.Volume("workspace", ScriptPod.Volume.Kind.AGENT_OWNED, "")),
          List.of(new ScriptPod.Mount("workspace", "/octopus", false)),
          List.of(),
          ScriptPod.Security.RESTRICTED);

  @TempDir Path plugins;
  private PluginHost host;

  @AfterEach
  void close() {
    if (host != null) {
      host.close();
    }
  }

  @Test
  void the_example_plugins_choose_the_image_and_change_the_pod_of_a_tagged_task() throws Exception {
    copyExamples();
    host =
        started(
            Map.of(
                PluginContext.variableFor("registry-mirror", "registry"), "mirror.corp:5000",
                PluginContext.variableFor("registry-mirror", "pull-secret"), "mirror-pull",
                PluginContext.variableFor("cloud-cli", "image"), "mirror.corp:5000/aws-cli:2.17",
                PluginContext.variableFor("cloud-cli", "role-arn"), "arn:aws:iam::1:role/deploy"));

    assertThat(host.started())
        .containsExactlyInAnyOrder("registry-mirror", "cloud-cli", "task-journal");
    PluginHost.Answer<Optional<ImageOffer>> plain = host.imageFor(task(List.of("web")));
    assertThat(plain.value())
        .contains(
            new ImageOffer(
                "mirror.corp:5000/octopusdeploy/kubernetes-agent-tools-base:1.31",
                ImageOffer.PullPolicy.IF_NOT_PRESENT,
                List.of("mirror-pull"),
                -100));
    assertThat(host.imageFor(task(List.of("aws-cli"))).value().map(ImageOffer::image))
        .contains("mirror.corp:5000/aws-cli:2.17");

    assertThat(host.imageFor(request()).map(ContainerImage::reference))
        .as("the core's request: the agent's target is tagged aws-cli")
        .contains("mirror.corp:5000/aws-cli:2.17");

    PluginHost.Answer<ScriptPod> pod = host.customize(task(List.of("aws-cli")), POD);
    assertThat(pod.notes()).isEmpty();
    assertThat(pod.value().annotations())
        .containsEntry("eks.amazonaws.com/role-arn", "arn:aws:iam::1:role/deploy");
    assertThat(pod.value().environment())
        .containsEntry("AWS_ROLE_ARN", "arn:aws:iam::1:role/deploy");
    assertThat(pod.value().volumes()).isEqualTo(POD.volumes());
    assertThat(host.calls()).containsEntry("cloud-cli", 6L);
    assertThat(host.failures()).containsEntry("cloud-cli", 0L).containsEntry("registry-mirror", 0L);
  }

  @Test
  void a_step_with_its_own_image_is_not_offered_another() throws Exception {
    copyExamples();
    host = started(Map.of(PluginContext.variableFor("registry-mirror", "registry"), "m.corp"));
    TaskFacts tagged = task(List.of());
    TaskFacts withImage =
        new TaskFacts(
            tagged.taskId(),
            Optional.of("octopusdeploy/worker-tools:6"),
            tagged.scriptType(),
            tagged.targetTags(),
            tagged.space(),
            tagged.project(),
            tagged.environment(),
            tagged.clusterVersion(),
            tagged.platform());

    assertThat(host.imageFor(withImage).value()).isEmpty();
  }

  @Test
  void a_plugin_missing_a_required_setting_is_reported_and_left_unused() throws Exception {
    copyExamples();
    host = started(Map.of());

    assertThat(host.report())
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("registry-mirror")
                    .contains("K8SAGENT_PLUGIN__REGISTRY_MIRROR__REGISTRY")
                    .contains("until the agent restarts"));
    assertThat(host.imageFor(task(List.of())).value()).isEmpty();
  }

  @Test
  void a_throwing_plugin_is_skipped_for_the_task_with_a_note_and_counted() throws Exception {
    writePluginJar("throwing", true, MisbehavingPlugins.Throwing.class, MirrorImagePlugin.class);
    host = started(Map.of());

    PluginHost.Answer<Optional<ImageOffer>> answer = host.imageFor(task(List.of()));

    assertThat(answer.value().map(ImageOffer::image))
        .contains("registry.example/mirror/tools:1.31");
    assertThat(answer.notes())
        .singleElement()
        .asString()
        .contains("Plugin throwing")
        .contains("IllegalStateException (registry lookup failed)")
        .contains("skipped for this task");
    assertThat(host.answer(request()).notes())
        .singleElement()
        .asString()
        .contains("registry lookup failed");
    host.ended(request(), ExitCode.SUCCESS);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(host.failures()).containsEntry("throwing", 3L));
  }

  @Test
  void a_slow_plugin_is_skipped_once_its_time_is_up() throws Exception {
    writePluginJar("slow", true, MisbehavingPlugins.Slow.class);
    host = started(Map.of(), Duration.ofMillis(200));

    PluginHost.Answer<Optional<ImageOffer>> answer = host.imageFor(task(List.of()));

    assertThat(answer.value()).isEmpty();
    assertThat(answer.notes()).singleElement().asString().contains("took longer than PT0.2S");
    assertThat(host.failures()).containsEntry("slow", 1L);
  }

  @Test
  void a_customizer_making_the_pod_privileged_is_refused_and_the_pod_kept() throws Exception {
    writePluginJar("privileged", true, MisbehavingPlugins.Privileged.class);
    host = started(Map.of());

    PluginHost.Answer<ScriptPod> answer = host.customize(task(List.of()), POD);

    assertThat(answer.value()).isEqualTo(POD);
    assertThat(answer.notes())
        .singleElement()
        .asString()
        .contains("was refused for this task")
        .contains("changes the security settings");
    assertThat(host.failures()).containsEntry("privileged", 1L);
  }

  @Test
  void a_customizer_dropping_the_shared_volume_is_refused() throws Exception {
    writePluginJar("dropping", true, MisbehavingPlugins.DroppingVolumes.class);
    host = started(Map.of());

    PluginHost.Answer<ScriptPod> answer = host.customize(task(List.of()), POD);

    assertThat(answer.value()).isEqualTo(POD);
    assertThat(answer.notes()).singleElement().asString().contains("volume");
  }

  @Test
  void a_plugin_without_an_extension_index_is_reported_at_start_up() throws Exception {
    writePluginJar("unindexed", false, MisbehavingPlugins.Unindexed.class);
    host = started(Map.of());

    assertThat(host.started()).containsExactly("unindexed");
    assertThat(host.report())
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("Plugin unindexed offers no extension")
                    .contains("META-INF/extensions.idx"));
    assertThat(host.imageFor(task(List.of())).value()).isEmpty();
  }

  @Test
  void a_jar_that_cannot_be_loaded_is_reported_by_file_name_and_the_others_still_run()
      throws Exception {
    Files.writeString(plugins.resolve("broken-plugin.jar"), "not a zip file");
    writePluginJar("mirror-images", true, MirrorImagePlugin.class);
    host = started(Map.of());

    assertThat(host.started()).containsExactly("mirror-images");
    assertThat(host.report())
        .anySatisfy(line -> assertThat(line).contains("broken-plugin.jar was skipped"));
  }

  @Test
  void closing_the_host_stops_the_plugins_and_withdraws_their_offers() throws Exception {
    writePluginJar("mirror-images", true, MirrorImagePlugin.class);
    host = started(Map.of());
    assertThat(host.imageFor(request()).map(ContainerImage::reference))
        .contains("registry.example/mirror/tools:1.31");

    host.close();

    assertThat(host.started()).isEmpty();
    assertThat(host.imageFor(request())).isEmpty();
  }

  @Test
  void a_plugin_requiring_a_newer_agent_is_refused() throws Exception {
    writePluginJar("mirror-images", true, Optional.of(">=2.0.0"), MirrorImagePlugin.class);
    host = started(Map.of());

    assertThat(host.started()).isEmpty();
    assertThat(host.imageFor(request())).isEmpty();
  }

  @Test
  void a_plugin_requiring_this_release_runs_on_its_pre_release_build() throws Exception {
    writePluginJar("mirror-images", true, Optional.of(">=1.4.0 & <2.0.0"), MirrorImagePlugin.class);
    host = started(Map.of());

    assertThat(host.started()).containsExactly("mirror-images");
  }

  @Test
  void an_empty_plugins_folder_means_no_offer_even_with_extensions_on_the_class_path() {
    host = started(Map.of());

    assertThat(host.imageFor(request())).isEmpty();
  }

  @Test
  void no_plugins_folder_means_no_offer() {
    host = Hosts.started(plugins.resolve("absent"), id -> Map.of(), List.of());

    assertThat(host.imageFor(request())).isEmpty();
  }

  @Test
  void a_hung_observer_is_skipped_while_busy_and_never_holds_up_the_tasks_or_other_observers()
      throws Exception {
    writePluginJar("hanging", true, MisbehavingPlugins.HangingObserver.class);
    copyExample("task-journal");
    Path journal = plugins.resolve("journal.jsonl");
    host =
        Hosts.started(
            plugins,
            id -> id.equals("task-journal") ? Map.of("file", journal.toString()) : Map.of(),
            List.of(),
            Duration.ofMillis(200),
            Hosts.LIMIT);

    for (int i = 1; i <= 3; i++) {
      host.ended(ImageRequest.of(new ScriptTicket("observed-" + i)), ExitCode.of(i));
    }

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(journal).exists();
              assertThat(Files.readAllLines(journal)).hasSize(3);
            });
    assertThat(Files.readAllLines(journal).get(2)).contains("\"exitCode\":3");
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(host.failures()).containsEntry("hanging", 3L));
  }

  @Test
  void a_plugin_whose_start_hangs_is_reported_and_left_out_and_the_others_start() throws Exception {
    PluginJars.write(
        plugins,
        "hanging-start",
        true,
        Optional.empty(),
        Optional.of(MisbehavingPlugins.HangingStart.class));
    writePluginJar("mirror-images", true, MirrorImagePlugin.class);

    host = Hosts.started(plugins, id -> Map.of(), List.of(), Hosts.LIMIT, Duration.ofMillis(300));

    assertThat(host.started()).containsExactly("mirror-images");
    assertThat(host.report())
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("Plugin hanging-start did not start within PT0.3S")
                    .contains("K8SAGENT_PLUGIN_LIFECYCLE_TIMEOUT"));
    assertThat(host.imageFor(request()).map(ContainerImage::reference))
        .contains("registry.example/mirror/tools:1.31");
  }

  @Test
  void a_plugin_whose_stop_hangs_is_reported_and_the_host_still_closes() throws Exception {
    PluginJars.write(
        plugins,
        "hanging-stop",
        true,
        Optional.empty(),
        Optional.of(MisbehavingPlugins.HangingStop.class));
    host = Hosts.started(plugins, id -> Map.of(), List.of(), Hosts.LIMIT, Duration.ofMillis(300));
    assertThat(host.started()).containsExactly("hanging-stop");

    host.close();

    assertThat(host.started()).isEmpty();
    assertThat(host.report())
        .anySatisfy(line -> assertThat(line).contains("Plugin hanging-stop did not stop within"));
  }

  @Test
  void an_offer_the_agent_cannot_use_is_refused_with_a_note() throws Exception {
    writePluginJar("bad-offer", true, MisbehavingPlugins.BadPullSecret.class);
    host = started(Map.of());

    ToolingImages.Answer answer = host.answer(request());

    assertThat(answer.image()).isEmpty();
    assertThat(answer.notes())
        .singleElement()
        .asString()
        .contains("was refused for this task")
        .contains("not a Kubernetes secret name");
  }

  @Test
  void the_offered_pull_policy_and_secrets_reach_the_core() throws Exception {
    copyExample("cloud-cli");
    host =
        started(
            Map.of(
                PluginContext.variableFor("cloud-cli", "image"), "registry.corp/aws-cli:2",
                PluginContext.variableFor("cloud-cli", "pull-policy"), "Always",
                PluginContext.variableFor("cloud-cli", "pull-secret"), "corp-pull"));

    ToolingImages.Answer answer = host.answer(request());

    assertThat(answer.image().map(ContainerImage::reference)).contains("registry.corp/aws-cli:2");
    assertThat(answer.pullPolicy()).contains(PodAdditions.PullPolicy.ALWAYS);
    assertThat(answer.pullSecretNames()).containsExactly("corp-pull");
  }

  private PluginHost started(Map<String, String> environment) {
    return started(environment, Duration.ofSeconds(5));
  }

  /** A host over the plugins folder, for an agent whose target is tagged {@code aws-cli}. */
  private PluginHost started(Map<String, String> environment, Duration limit) {
    return Hosts.started(
        plugins,
        id -> PluginContext.fromEnvironment(id, environment),
        List.of("aws-cli"),
        limit,
        Hosts.LIMIT);
  }

  private void copyExample(String name) throws IOException {
    try (DirectoryStream<Path> jars =
        Files.newDirectoryStream(EXAMPLES, "k8s-agent-plugin-" + name + "-*.jar")) {
      for (Path jar : jars) {
        Files.copy(jar, plugins.resolve(jar.getFileName()));
      }
    }
  }

  private void copyExamples() throws IOException {
    int copied = 0;
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(EXAMPLES, "*.jar")) {
      for (Path jar : jars) {
        Files.copy(jar, plugins.resolve(jar.getFileName()));
        copied++;
      }
    }
    assertThat(copied).as("example plugin jars in %s", EXAMPLES.toAbsolutePath()).isEqualTo(3);
  }

  private static TaskFacts task(List<String> tags) {
    return new TaskFacts(
        "task-1",
        Optional.empty(),
        Optional.of("Bash"),
        tags,
        Optional.of("default"),
        Optional.of("web"),
        Optional.of("production"),
        Optional.of("1.31"),
        Optional.empty());
  }

  private static ImageRequest request() {
    return new ImageRequest(
        new ScriptTicket("plugin-task"), Optional.empty(), Optional.empty(), Optional.empty());
  }

  private void writePluginJar(String id, boolean indexed, Class<?>... classes) throws Exception {
    PluginJars.write(plugins, id, indexed, Optional.empty(), classes);
  }

  private void writePluginJar(
      String id, boolean indexed, Optional<String> requires, Class<?>... classes) throws Exception {
    PluginJars.write(plugins, id, indexed, requires, classes);
  }
}
