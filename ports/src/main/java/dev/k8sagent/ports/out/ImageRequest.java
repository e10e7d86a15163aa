package dev.k8sagent.ports.out;

import dev.k8sagent.domain.task.AuthContext;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.domain.version.KubernetesVersion;
import java.util.Objects;
import java.util.Optional;

/** What is known about a task when its image is chosen. */
public record ImageRequest(
    ScriptTicket ticket,
    Optional<KubernetesVersion> clusterVersion,
    Optional<String> podPlatform,
    Optional<AuthContext> authContext) {
  public ImageRequest {
    Objects.requireNonNull(ticket, "ticket");
    Objects.requireNonNull(clusterVersion, "clusterVersion");
    Objects.requireNonNull(podPlatform, "podPlatform");
    Objects.requireNonNull(authContext, "authContext");
  }
}
