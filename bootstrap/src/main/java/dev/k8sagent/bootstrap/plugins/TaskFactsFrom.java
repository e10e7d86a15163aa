package dev.k8sagent.bootstrap.plugins;

import dev.k8sagent.domain.task.AuthContext;
import dev.k8sagent.domain.version.KubernetesVersion;
import dev.k8sagent.plugins.api.TaskFacts;
import dev.k8sagent.ports.out.ImageRequest;
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
    Optional<AuthContext> auth = request.authContext();
    return new TaskFacts(
        request.ticket().taskId(),
        Optional.empty(),
        Optional.empty(),
        targetTags,
        auth.map(AuthContext::spaceSlug),
        auth.map(AuthContext::projectSlug),
        auth.map(AuthContext::environmentSlug),
        request.clusterVersion().map(KubernetesVersion::minorVersion),
        request.podPlatform());
  }
}
