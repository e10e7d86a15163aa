package dev.k8sagent.ports.in;

import dev.k8sagent.domain.target.Thumbprint;

/** What registering did. */
public sealed interface RegistrationOutcome {

  /** The server now knows this agent as {@code machineId} and presents {@code serverThumbprint}. */
  record Registered(String machineId, Thumbprint serverThumbprint) implements RegistrationOutcome {}

  /** This agent had registered before; nothing was sent. */
  record AlreadyRegistered(String machineId) implements RegistrationOutcome {}

  /** The server or the rules refused; {@code reason} says what to change. */
  record Refused(String reason) implements RegistrationOutcome {}
}
