package dev.k8sagent.domain.task;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a task comes from in Octopus: the slugs of its space, project, environment, step and, when
 * set, project group and tenant. Plugins use it to choose images per project or environment.
 */
public record AuthContext(
    String spaceSlug,
    String projectSlug,
    Optional<String> projectGroupSlug,
    String environmentSlug,
    Optional<String> tenantSlug,
    String stepSlug) {
  public AuthContext {
    Objects.requireNonNull(spaceSlug, "spaceSlug");
    Objects.requireNonNull(projectSlug, "projectSlug");
    Objects.requireNonNull(projectGroupSlug, "projectGroupSlug");
    Objects.requireNonNull(environmentSlug, "environmentSlug");
    Objects.requireNonNull(tenantSlug, "tenantSlug");
    Objects.requireNonNull(stepSlug, "stepSlug");
  }
}
