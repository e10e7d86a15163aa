package dev.k8sagent.ports.out;

import dev.k8sagent.domain.task.AuthContext;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.domain.task.ScriptType;
import dev.k8sagent.domain.version.KubernetesVersion;
import java.util.Objects;
import java.util.Optional;

/**
 * What is known about a task when its image is chosen, and so what its pod customizers and
 * observers are told.
 */
public record ImageRequest(
    ScriptTicket ticket,
    Optional<KubernetesVersion> clusterVersion,
    Optional<String> podPlatform,
    Optional<AuthContext> authContext,
    Optional<ScriptType> scriptType) {
  public ImageRequest {
    Objects.requireNonNull(ticket, "ticket");
    Objects.requireNonNull(clusterVersion, "clusterVersion");
    Objects.requireNonNull(podPlatform, "podPlatform");
    Objects.requireNonNull(authContext, "authContext");
    Objects.requireNonNull(scriptType, "scriptType");
  }

  /** A request whose script type is not known. */
  public ImageRequest(
      ScriptTicket ticket,
      Optional<KubernetesVersion> clusterVersion,
      Optional<String> podPlatform,
      Optional<AuthContext> authContext) {
    this(ticket, clusterVersion, podPlatform, authContext, Optional.empty());
  }

  /** Only the ticket known: a task an earlier agent started. */
  public static ImageRequest of(ScriptTicket ticket) {
    return new ImageRequest(ticket, Optional.empty(), Optional.empty(), Optional.empty());
  }
}
