package dev.k8sagent.bootstrap.plugins;

import dev.k8sagent.plugins.api.ImageOffer;
import dev.k8sagent.plugins.api.ScriptPod;
import dev.k8sagent.plugins.api.ScriptPodCustomizer;
import dev.k8sagent.plugins.api.TaskFacts;
import dev.k8sagent.plugins.api.TaskObserver;
import dev.k8sagent.plugins.api.ToolingImageProvider;
import java.util.Optional;
import org.pf4j.Extension;
import org.pf4j.Plugin;

/** Extensions that break the rules, each packed into a plugin jar of its own by the tests. */
final class MisbehavingPlugins {
  private MisbehavingPlugins() {}

  /** Throws on every call. */
  @Extension
  public static class Throwing implements ToolingImageProvider, TaskObserver {
    @Override
    public Optional<ImageOffer> offerFor(TaskFacts task) {
      throw new IllegalStateException("registry lookup failed");
    }

    @Override
    public void ended(TaskFacts task, int exitCode) {
      throw new IllegalStateException("webhook down");
    }
  }

  /** Never answers until interrupted. */
  @Extension
  public static class Slow implements ToolingImageProvider {
    @Override
    public Optional<ImageOffer> offerFor(TaskFacts task) {
      try {
        Thread.sleep(Long.MAX_VALUE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Optional.of(ImageOffer.of("too/late:1"));
    }
  }

  /** Adds a label, and tries to make the pod privileged. */
  @Extension
  public static class Privileged implements ScriptPodCustomizer {
    @Override
    public ScriptPod customize(TaskFacts task, ScriptPod pod) {
      return pod.withLabel("escalated", "yes")
          .withSecurity(new ScriptPod.Security(true, false, true));
    }
  }

  /**
   * An extension as a build without PF4J's annotation processor leaves it: no index names it (the
   * annotation is left off here so that the test class path's own index does not either).
   */
  public static class Unindexed implements ToolingImageProvider {
    @Override
    public Optional<ImageOffer> offerFor(TaskFacts task) {
      return Optional.of(ImageOffer.of("never/offered:1"));
    }
  }

  /** Drops every volume, the shared work volume among them. */
  @Extension
  public static class DroppingVolumes implements ScriptPodCustomizer {
    @Override
    public ScriptPod customize(TaskFacts task, ScriptPod pod) {
      return new ScriptPod(
          pod.labels(),
          pod.annotations(),
          pod.environment(),
          java.util.List.of(),
          java.util.List.of(),
          pod.initContainers(),
          pod.security());
    }
  }

  /** Offers an image with a pull secret name Kubernetes would refuse. */
  @Extension
  public static class BadPullSecret implements ToolingImageProvider {
    @Override
    public Optional<ImageOffer> offerFor(TaskFacts task) {
      return Optional.of(ImageOffer.of("registry.corp/tools:1").withPullSecret("Bad Secret!"));
    }
  }

  /** Never returns from {@code ended}, not even when interrupted. */
  @Extension
  public static class HangingObserver implements TaskObserver {
    @Override
    public void ended(TaskFacts task, int exitCode) {
      while (true) {
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException e) {
          // a plugin that ignores being interrupted, as some do (the loop is repeated in each
          // class: a jar packs only the class itself)
        }
      }
    }
  }

  /** A plugin whose {@code start()} never returns. */
  public static class HangingStart extends Plugin {
    @Override
    public void start() {
      while (true) {
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException e) {
          // a plugin that ignores being interrupted, as some do (the loop is repeated in each
          // class: a jar packs only the class itself)
        }
      }
    }
  }

  /** A plugin whose {@code stop()} never returns. */
  public static class HangingStop extends Plugin {
    @Override
    public void stop() {
      while (true) {
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException e) {
          // a plugin that ignores being interrupted, as some do (the loop is repeated in each
          // class: a jar packs only the class itself)
        }
      }
    }
  }
}
