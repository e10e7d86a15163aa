package dev.k8sagent.bootstrap.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.k8sagent.bootstrap.TestDirectories;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent's container image, built by {@code jib:buildTar} in {@code pre-integration-test} on the
 * offline base (bootstrap/src/image), unpacked and run as a container would run it: the image's
 * entrypoint (with {@code demo} for its last argument, {@code run}), environment, working directory
 * and user, all read from the image's config, inside the image's own root filesystem.
 */
class ImageRunsDemoIT {
  private static final Path IMAGE_DIRECTORY = Path.of(System.getProperty("image.directory"));
  private static final Path RUN_SCRIPT = Path.of(System.getProperty("image.runScript"));

  private static OciImageTar image;
  private static Path root;

  @BeforeAll
  static void unpack_the_image() throws IOException, InterruptedException {
    Assumptions.assumeFalse(
        Boolean.getBoolean("image.offline.skip"),
        "the offline image was skipped (-Dimage.offline.skip)");
    Path skipped = IMAGE_DIRECTORY.resolve("skipped.txt");
    Assumptions.assumeFalse(
        Files.exists(skipped), () -> readQuietly(skipped) + " (bootstrap/src/image/README.md)");
    Path imageTar = IMAGE_DIRECTORY.resolve("k8s-agent-image.tar");
    assertThat(imageTar)
        .as(
            "jib:buildTar (offline-image) should have written the image tar; the base was assembled")
        .isRegularFile();
    TestDirectories.deleteTree(IMAGE_DIRECTORY.resolve("layout"));
    TestDirectories.deleteTree(IMAGE_DIRECTORY.resolve("rootfs"));
    image = OciImageTar.open(imageTar, IMAGE_DIRECTORY.resolve("layout"));
    root = IMAGE_DIRECTORY.resolve("rootfs").toAbsolutePath();
    image.unpackInto(root);
  }

  @AfterAll
  static void remove_the_unpacked_image() throws IOException {
    // links are removed, never followed: the root holds absolute links such as /var/run -> /run
    TestDirectories.deleteTree(IMAGE_DIRECTORY.resolve("rootfs"));
    TestDirectories.deleteTree(IMAGE_DIRECTORY.resolve("layout"));
  }

  @Test
  void the_image_runs_the_agent_as_the_user_the_chart_expects_with_its_jvm_options() {
    OciImageTar.RunConfig config = image.runConfig();
    assertThat(config.command()).containsExactly("java", "-jar", "/app/k8s-agent.jar", "run");
    assertThat(config.user()).isEqualTo("10001:10001");
    assertThat(config.environment())
        .as("the flags of image.jvmOptions in bootstrap/pom.xml")
        .containsEntry("JDK_JAVA_OPTIONS", ImageDefaults.jvmOptions());
    assertThat(config.workingDirectory()).isEqualTo("/app");
    assertThat(config.labels())
        .containsKeys(
            "org.opencontainers.image.source",
            "org.opencontainers.image.version",
            "org.opencontainers.image.revision");
    assertThat(root.resolve("app/k8s-agent.jar")).isRegularFile();
    assertThat(root.resolve("app/libs"))
        .as("the self-contained jar is the whole app")
        .doesNotExist();
  }

  @Test
  void the_demo_passes_inside_the_image_filesystem_as_the_image_user()
      throws IOException, InterruptedException {
    OciImageTar.RunConfig config = image.runConfig();
    List<String> command = new ArrayList<>(config.command());
    assertThat(command.get(command.size() - 1))
        .as("the entrypoint ends with the command")
        .isEqualTo("run");
    command.set(command.size() - 1, "demo");

    List<String> launch = new ArrayList<>();
    launch.add(RUN_SCRIPT.toString());
    launch.add(root.toString());
    launch.add(config.user());
    launch.add(config.workingDirectory());
    launch.addAll(command);
    Path log = IMAGE_DIRECTORY.resolve("demo.log");
    ProcessBuilder builder =
        new ProcessBuilder(launch).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().clear();
    builder.environment().putAll(config.environment());
    Process demo = builder.start();
    try {
      ProcessHandle agent =
          await("the agent's java process inside the image root")
              .atMost(Duration.ofMinutes(1))
              .until(() -> agentProcess(demo), Optional::isPresent)
              .orElseThrow();
      Map<String, String> status = status(agent);
      String[] user = config.user().split(":");
      assertThat(status.get("Uid"))
          .isEqualTo(String.join("\t", user[0], user[0], user[0], user[0]));
      assertThat(status.get("Gid"))
          .isEqualTo(String.join("\t", user[1], user[1], user[1], user[1]));
      assertThat(status.get("Groups")).as("no supplementary groups").isBlank();
      assertThat(Files.readSymbolicLink(Path.of("/proc", agent.pid() + "", "root")))
          .isEqualTo(root);
      assertThat(Files.readSymbolicLink(Path.of("/proc", agent.pid() + "", "cwd")))
          .isEqualTo(root.resolve(config.workingDirectory().substring(1)));

      assertThat(demo.waitFor(3, TimeUnit.MINUTES))
          .as("the demo finished within 3 minutes")
          .isTrue();
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertThat(demo.exitValue()).as(output).isZero();
      assertThat(output)
          .contains("Picked up JDK_JAVA_OPTIONS: " + config.environment().get("JDK_JAVA_OPTIONS"))
          .contains("read: Hello from the server simulator")
          .contains("demo-fail:   exit code 3");
    } finally {
      demo.destroyForcibly();
      demo.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** The descendant of the launcher whose root directory is the image's root, if it started. */
  private static Optional<ProcessHandle> agentProcess(Process launcher) {
    return launcher
        .descendants()
        .filter(
            p -> {
              try {
                return Files.readSymbolicLink(Path.of("/proc", p.pid() + "", "root")).equals(root);
              } catch (IOException gone) {
                return false;
              }
            })
        .findFirst();
  }

  private static Map<String, String> status(ProcessHandle process) throws IOException {
    Map<String, String> fields = new java.util.HashMap<>();
    for (String line : Files.readAllLines(Path.of("/proc", process.pid() + "", "status"))) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
      }
    }
    return fields;
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return "skipped, and " + file + " could not be read: " + e.getMessage();
    }
  }
}
