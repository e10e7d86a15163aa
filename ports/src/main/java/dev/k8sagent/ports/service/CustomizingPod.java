package dev.k8sagent.ports.service;

import dev.k8sagent.domain.image.ContainerImage;
import dev.k8sagent.ports.out.ImageRequest;
import dev.k8sagent.ports.out.PodCustomizers;
import dev.k8sagent.ports.out.PodLaunch;
import dev.k8sagent.ports.out.ScriptPods;
import java.util.List;
import java.util.Optional;

/**
 * Adds what the pod customizers ask for to a task's launch: they are shown the pod as the adapter
 * would make it, and their answer (already checked, with notes on what was refused) is carried to
 * the adapter in the launch.
 */
final class CustomizingPod {
  private final PodCustomizers customizers;
  private final ScriptPods pods;

  CustomizingPod(PodCustomizers customizers, ScriptPods pods) {
    this.customizers = customizers;
    this.pods = pods;
  }

  /** A launch with the customizers' additions, and the lines the task's log shows about them. */
  record Customized(PodLaunch launch, List<String> notes) {}

  Customized customize(PodLaunch launch, ImageRequest task, Optional<ContainerImage> stepImage) {
    PodCustomizers.Answer answer =
        customizers.additionsFor(
            new PodCustomizers.PodRequest(task, stepImage, launch.image(), pods.shapeOf(launch)));
    return new Customized(launch.adding(answer.additions()), answer.notes());
  }
}
