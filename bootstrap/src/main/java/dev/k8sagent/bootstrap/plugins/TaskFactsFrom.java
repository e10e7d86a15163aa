package dev.k8sagent.bootstrap.plugins;

import dev.k8sagent.domain.image.ContainerImage;
import dev.k8sagent.domain.task.AuthContext;
import dev.k8sagent.domain.task.ScriptType;
import dev.k8sagent.domain.version.KubernetesVersion;
import dev.k8sagent.plugins.api.TaskFacts;
import dev.k8sagent.ports.out.ImageRequest;
import dev.k8sagent.ports.out.PodCustomizers;
import java.util.List;
import java.util.Optional;

/** The plugin API's plain {@link TaskFacts}, made from what the core knows of a task. */
final class TaskFactsFrom {
  private TaskFactsFrom() {}

  /**
   * The facts of an image request: the step names no image when the core asks for one, and the
   * target tags are those this agent's target is registered with.
   */
  static TaskFacts imageRequest(ImageRequest request, List<String> targetTags) {
    return facts(request, Optional.empty(), targetTags);
  }

  /** The facts of a pod about to be launched, with the step's own image when it names one. */
  static TaskFacts podRequest(PodCustomizers.PodRequest request, List<String> targetTags) {
    return facts(request.task(), request.stepImage(), targetTags);
  }

  private static TaskFacts facts(
      ImageRequest request, Optional<ContainerImage> stepImage, List<String> targetTags) {
    Optional<AuthContext> auth = request.authContext();
    return new TaskFacts(
        request.ticket().taskId(),
        stepImage.map(ContainerImage::reference),
        request.scriptType().map(ScriptType::wireName),
        targetTags,
        auth.map(AuthContext::spaceSlug),
        auth.map(AuthContext::projectSlug),
        auth.map(AuthContext::environmentSlug),
        request.clusterVersion().map(KubernetesVersion::minorVersion),
        request.podPlatform());
  }
}
