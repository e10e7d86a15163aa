package dev.k8sagent.plugins.examples.mirror;

import dev.k8sagent.plugins.api.ImageOffer;
import dev.k8sagent.plugins.api.PluginContext;
import dev.k8sagent.plugins.api.TaskFacts;
import dev.k8sagent.plugins.api.ToolingImageProvider;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * For clusters that cannot reach Docker Hub: every task whose step names no image runs in the
 * agent's default tools image as mirrored in a private registry, pulled with a pull secret.
 *
 * <p>Settings ({@code k8s-agent.plugins.registry-mirror.<key>} or {@code
 * K8SAGENT_PLUGIN__REGISTRY_MIRROR__<KEY>}):
 *
 * <ul>
 *   <li>{@code registry} (required): the mirror, e.g. {@code registry.corp:5000/dockerhub};
 *   <li>{@code pull-secret}: a {@code kubernetes.io/dockerconfigjson} secret in the agent's
 *       namespace for the mirror;
 *   <li>{@code kubernetes-version}: the tools tag to use while the cluster's version is not known
 *       (e.g. {@code 1.31}); without it such a task is left to the agent's default;
 *   <li>{@code tools-repository}: the image mirrored (default {@value #TOOLS_REPOSITORY}).
 * </ul>
 *
 * It offers with a low priority ({@value #PRIORITY}), so a plugin with a more specific image wins.
 */
@Extension
public class RegistryMirror implements ToolingImageProvider {
  static final String TOOLS_REPOSITORY = "octopusdeploy/kubernetes-agent-tools-base";
  static final int PRIORITY = -100;

  private volatile Mirror mirror;

  private record Mirror(
      String registry,
      Optional<String> pullSecret,
      Optional<String> fallbackVersion,
      String repository) {}

  @Override
  public void configure(PluginContext context) {
    String registry = context.required("registry");
    while (registry.endsWith("/")) {
      registry = registry.substring(0, registry.length() - 1);
    }
    if (registry.isEmpty() || registry.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(
          "registry must be a registry host with an optional path, e.g. registry.corp:5000/hub;"
              + " got '"
              + context.settings().get("registry")
              + "'");
    }
    mirror =
        new Mirror(
            registry,
            context.setting("pull-secret"),
            context.setting("kubernetes-version"),
            context.setting("tools-repository").orElse(TOOLS_REPOSITORY));
  }

  @Override
  public Optional<ImageOffer> offerFor(TaskFacts task) {
    Mirror configured = mirror;
    if (configured == null) {
      return Optional.empty();
    }
    return task.clusterVersion()
        .or(configured::fallbackVersion)
        .map(
            tag -> {
              ImageOffer offer =
                  ImageOffer.of(configured.registry() + "/" + configured.repository() + ":" + tag)
                      .withPriority(PRIORITY);
              return configured.pullSecret().map(offer::withPullSecret).orElse(offer);
            });
  }
}
