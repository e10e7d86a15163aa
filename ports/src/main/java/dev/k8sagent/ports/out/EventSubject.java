package dev.k8sagent.ports.out;

import java.util.Objects;

/**
 * The Kubernetes object an Event is about: the agent's own pod or a script pod, in a namespace.
 *
 * @param kind the object's kind, {@code Pod}
 * @param namespace its namespace
 * @param name its name
 */
public record EventSubject(String kind, String namespace, String name) {
  public EventSubject {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    if (namespace.isBlank() || name.isBlank()) {
      throw new IllegalArgumentException("An event subject needs a namespace and a name");
    }
  }

  /** A pod in {@code namespace}. */
  public static EventSubject pod(String namespace, String name) {
    return new EventSubject("Pod", namespace, name);
  }
}
