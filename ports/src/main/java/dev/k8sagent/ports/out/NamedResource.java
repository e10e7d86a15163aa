package dev.k8sagent.ports.out;

import dev.k8sagent.domain.Require;

/** A server resource's id and name ({@code Environments-1}, {@code Production}). */
public record NamedResource(String id, String name) {
  public NamedResource {
    Require.nonBlank(id, "id");
    Require.nonBlank(name, "name");
  }
}
