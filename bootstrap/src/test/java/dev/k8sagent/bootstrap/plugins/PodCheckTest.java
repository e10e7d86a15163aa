package dev.k8sagent.bootstrap.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k8sagent.plugins.api.ScriptPod;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodCheckTest {
  private static final ScriptPod POD =
      new ScriptPod(
          Map.of("octopus.com/scriptTicketId", "t-1"),
          Map.of(),
          Map.of("TentacleHome", "/octopus"),
          List.of(new ScriptPod.Volume("tentacle-home", ScriptPod.Volume.Kind.AGENT_OWNED, "")),
          List.of(new ScriptPod.Mount("tentacle-home", "/octopus", false)),
          List.of(),
          ScriptPod.Security.RESTRICTED);

  @Test
  void additions_kubernetes_accepts_pass() {
    ScriptPod added =
        POD.withLabel("team", "blue")
            .withEnvironment("AWS_REGION", "eu-west-1")
            .withVolume(
                new ScriptPod.Volume("corp-ca", ScriptPod.Volume.Kind.SECRET, "corp-ca"),
                new ScriptPod.Mount("corp-ca", "/etc/corp-ca", true))
            .withInitContainer(
                new ScriptPod.InitContainer(
                    "fetch",
                    "registry.corp/fetch:1",
                    List.of("fetch"),
                    Map.of(),
                    List.of(),
                    false));

    assertThat(PodCheck.problemWith(POD, added)).isEmpty();
  }

  @Test
  void a_mount_over_the_shared_volume_is_refused_naming_it() {
    ScriptPod hiding =
        POD.withVolume(
            new ScriptPod.Volume("scratch", ScriptPod.Volume.Kind.EMPTY_DIR, ""),
            new ScriptPod.Mount("scratch", "/octopus/Work", false));

    assertThat(PodCheck.problemWith(POD, hiding))
        .get()
        .asString()
        .contains("over the agent's tentacle-home at /octopus");
  }

  @Test
  void names_kubernetes_would_refuse_are_refused_before_the_pod_is_created() {
    ScriptPod bad =
        POD.withEnvironment("1 BAD=", "x")
            .withVolume(
                new ScriptPod.Volume("Bad_Name", ScriptPod.Volume.Kind.SECRET, ""),
                new ScriptPod.Mount("Bad_Name", "relative/path", false));

    assertThat(PodCheck.problemWith(POD, bad))
        .get()
        .asString()
        .contains("adds variable '1 BAD=', not a valid name")
        .contains("adds volume 'Bad_Name', not a DNS label")
        .contains("without naming its SECRET")
        .contains("mounts at 'relative/path', not an absolute path");
  }

  @Test
  void changing_the_security_settings_or_an_agent_variable_is_refused() {
    ScriptPod escalated =
        POD.withEnvironment("TentacleHome", "/elsewhere")
            .withSecurity(new ScriptPod.Security(true, false, true));

    assertThat(PodCheck.problemWith(POD, escalated))
        .get()
        .asString()
        .contains("changes the agent's environment variable TentacleHome")
        .contains("changes the security settings");
  }
}
