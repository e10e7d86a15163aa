package dev.k8sagent.adapters.octopus;

import dev.k8sagent.domain.target.Thumbprint;
import dev.k8sagent.domain.version.OctopusServerVersion;
import dev.k8sagent.ports.out.MachineRegistration;
import dev.k8sagent.ports.out.NamedResource;
import dev.k8sagent.ports.out.OctopusServerApi;
import dev.k8sagent.ports.out.ResourceKind;
import dev.k8sagent.ports.out.ServerApiException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An Octopus Server's registration API held in memory, for tests and local runs. Set it up with
 * {@link #addSpace} and {@link #add}; it hands out ids the way the server does ({@code
 * Environments-1}) and remembers the registrations it receives.
 */
public final class InMemoryOctopusServerApi implements OctopusServerApi {
  private final OctopusServerVersion version;
  private final Thumbprint thumbprint;
  private final Map<String, Space> spacesById = new LinkedHashMap<>();
  private final Map<String, MachineRegistration> registrations = new LinkedHashMap<>();
  private int nextId = 1;

  public InMemoryOctopusServerApi(OctopusServerVersion version, Thumbprint thumbprint) {
    this.version = version;
    this.thumbprint = thumbprint;
  }

  private record Space(
      NamedResource resource,
      Map<ResourceKind, List<NamedResource>> resources,
      List<NamedResource> machines) {}

  /** Adds a space and returns its id. */
  public synchronized String addSpace(String name) {
    String id = "Spaces-" + nextId++;
    spacesById.put(
        id,
        new Space(
            new NamedResource(id, name), new EnumMap<>(ResourceKind.class), new ArrayList<>()));
    return id;
  }

  /** Adds a named resource to a space and returns its id (a tenant tag's id is its name). */
  public synchronized String add(String spaceId, ResourceKind kind, String name) {
    String id =
        switch (kind) {
          case ENVIRONMENT -> "Environments-" + nextId++;
          case TENANT -> "Tenants-" + nextId++;
          case MACHINE_POLICY -> "MachinePolicies-" + nextId++;
          case TENANT_TAG -> name;
        };
    space(spaceId)
        .resources()
        .computeIfAbsent(kind, k -> new ArrayList<>())
        .add(new NamedResource(id, name));
    return id;
  }

  /** Whether a machine was registered with this agent thumbprint (the server trusts it). */
  public synchronized boolean isRegistered(Thumbprint agent) {
    return registrations.values().stream().anyMatch(r -> r.agentThumbprint().equals(agent));
  }

  /** The registration a machine id was created from. */
  public synchronized Optional<MachineRegistration> registration(String machineId) {
    return Optional.ofNullable(registrations.get(machineId));
  }

  @Override
  public OctopusServerVersion serverVersion() {
    return version;
  }

  @Override
  public Thumbprint serverThumbprint() {
    return thumbprint;
  }

  @Override
  public synchronized List<NamedResource> spaces() {
    return spacesById.values().stream().map(Space::resource).toList();
  }

  @Override
  public synchronized List<NamedResource> list(ResourceKind kind, String spaceId) {
    return List.copyOf(space(spaceId).resources().getOrDefault(kind, List.of()));
  }

  @Override
  public synchronized Optional<NamedResource> findMachine(String spaceId, String name) {
    return space(spaceId).machines().stream().filter(m -> m.name().equals(name)).findFirst();
  }

  @Override
  public synchronized NamedResource registerMachine(
      String spaceId, MachineRegistration registration) {
    Space space = space(spaceId);
    if (findMachine(spaceId, registration.name()).isPresent()) {
      throw new ServerApiException(
          400,
          "A deployment target named '"
              + registration.name()
              + "' already exists in "
              + space.resource().name()
              + "; choose another name");
    }
    NamedResource machine = new NamedResource("Machines-" + nextId++, registration.name());
    space.machines().add(machine);
    registrations.put(machine.id(), registration);
    return machine;
  }

  private Space space(String spaceId) {
    Space space = spacesById.get(spaceId);
    if (space == null) {
      throw new ServerApiException(404, "There is no space with id " + spaceId);
    }
    return space;
  }
}
