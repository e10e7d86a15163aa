package dev.k8sagent.plugins.examples.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k8sagent.plugins.api.ImageOffer;
import dev.k8sagent.plugins.api.PluginContext;
import dev.k8sagent.plugins.api.ScriptPod;
import dev.k8sagent.plugins.api.TaskFacts;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CloudCliTest {
  private static final PluginContext CONTEXT =
      new PluginContext(
          "cloud-cli",
          Map.of(
              "image", "amazon/aws-cli:2.17.0",
              "role-arn", "arn:aws:iam::111122223333:role/deploy",
              "region", "eu-west-1"));
  private static final ScriptPod POD =
      new ScriptPod(
          Map.of("app", "script"),
          Map.of(),
          Map.of("OCTOPUS", "1"),
          List.of(),
          List.of(),
          List.of(),
          ScriptPod.Security.RESTRICTED);

  private final CloudCliImage image = new CloudCliImage();
  private final WorkloadIdentity identity = new WorkloadIdentity();

  @Test
  void a_task_whose_target_asks_for_the_cli_gets_its_image_and_workload_identity() {
    image.configure(CONTEXT);
    identity.configure(CONTEXT);
    TaskFacts task = taggedWith("AWS-CLI");

    assertThat(image.offerFor(task).map(ImageOffer::image)).contains("amazon/aws-cli:2.17.0");
    ScriptPod pod = identity.customize(task, POD);
    assertThat(pod.annotations())
        .containsEntry("eks.amazonaws.com/role-arn", "arn:aws:iam::111122223333:role/deploy");
    assertThat(pod.environment())
        .containsEntry("AWS_REGION", "eu-west-1")
        .containsEntry("AWS_ROLE_ARN", "arn:aws:iam::111122223333:role/deploy")
        .containsEntry("OCTOPUS", "1");
  }

  @Test
  void the_image_is_pulled_as_configured_from_a_private_registry() {
    image.configure(
        new PluginContext(
            "cloud-cli",
            Map.of(
                "image", "registry.corp/aws-cli:2.17.0",
                "pull-policy", "always",
                "pull-secret", "corp-pull")));

    assertThat(image.offerFor(taggedWith("aws-cli")))
        .contains(
            new ImageOffer(
                "registry.corp/aws-cli:2.17.0",
                ImageOffer.PullPolicy.ALWAYS,
                List.of("corp-pull"),
                CloudCliImage.PRIORITY));
  }

  @Test
  void other_tasks_are_left_alone() {
    image.configure(CONTEXT);
    identity.configure(CONTEXT);
    TaskFacts task = taggedWith("web");

    assertThat(image.offerFor(task)).isEmpty();
    assertThat(identity.customize(task, POD)).isEqualTo(POD);
  }

  private static TaskFacts taggedWith(String tag) {
    return new TaskFacts(
        "t-1",
        Optional.empty(),
        Optional.of("Bash"),
        List.of(tag),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }
}
