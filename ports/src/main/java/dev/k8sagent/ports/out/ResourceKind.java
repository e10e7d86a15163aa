package dev.k8sagent.ports.out;

/** Kinds of server resource that registration resolves by name. */
public enum ResourceKind {
  ENVIRONMENT,
  TENANT,
  TENANT_TAG,
  MACHINE_POLICY
}
