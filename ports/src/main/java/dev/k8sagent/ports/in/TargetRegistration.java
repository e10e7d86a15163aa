package dev.k8sagent.ports.in;

/** Registering this agent with the server as a deployment target, once. */
public interface TargetRegistration {

  /**
   * Registers the target unless this agent already is registered. Names are resolved to ids on the
   * server; a name that does not exist refuses the registration and says which name, with close
   * matches.
   */
  RegistrationOutcome register(RegisterTarget command);
}
