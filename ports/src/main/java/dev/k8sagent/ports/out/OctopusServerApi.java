package dev.k8sagent.ports.out;

import dev.k8sagent.domain.target.Thumbprint;
import dev.k8sagent.domain.version.OctopusServerVersion;
import java.util.List;
import java.util.Optional;

/**
 * The few Octopus Server REST calls the agent makes, all during registration. Failures the server
 * reports (bad credentials, a refused machine) are {@link ServerApiException}s carrying its
 * message.
 */
public interface OctopusServerApi {

  OctopusServerVersion serverVersion();

  /** The thumbprint of the certificate the server presents to polling agents. */
  Thumbprint serverThumbprint();

  /** The spaces the credentials can see. */
  List<NamedResource> spaces();

  /**
   * The resources of one kind in a space. Tenant tags come with their canonical name ({@code
   * Region/EU}) as both id and name.
   */
  List<NamedResource> list(ResourceKind kind, String spaceId);

  /** The deployment target with this name in the space, if any. */
  Optional<NamedResource> findMachine(String spaceId, String name);

  /**
   * Creates the deployment target.
   *
   * @throws ServerApiException when the server refuses, e.g. a target with that name exists
   */
  NamedResource registerMachine(String spaceId, MachineRegistration registration);
}
