package dev.k8sagent.plugins.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScriptPodTest {
  private final ScriptPod pod =
      new ScriptPod(
          Map.of("app", "script"),
          Map.of(),
          Map.of(),
          List.of(new ScriptPod.Volume("work", ScriptPod.Volume.Kind.AGENT_OWNED, "")),
          List.of(new ScriptPod.Mount("work", "/octopus", false)),
          List.of(),
          ScriptPod.Security.RESTRICTED);

  @Test
  void additions_make_a_new_pod_and_leave_the_given_one_as_it_was() {
    ScriptPod changed =
        pod.withAnnotation("eks.amazonaws.com/role-arn", "arn:aws:iam::1:role/deploy")
            .withEnvironment("AWS_REGION", "eu-west-1");

    assertThat(changed.annotations())
        .containsEntry("eks.amazonaws.com/role-arn", "arn:aws:iam::1:role/deploy");
    assertThat(changed.environment()).containsEntry("AWS_REGION", "eu-west-1");
    assertThat(pod.annotations()).isEmpty();
    assertThat(changed.volumes()).isEqualTo(pod.volumes());
  }

  @Test
  void an_offer_rejects_an_image_reference_with_spaces() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ImageOffer.of("tools; rm -rf"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("without spaces");
  }
}
