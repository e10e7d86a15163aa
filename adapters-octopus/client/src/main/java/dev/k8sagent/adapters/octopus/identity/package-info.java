/**
 * The agent's own certificate: created once (self-signed RSA 2048, SHA-256), kept through the
 * {@code AgentStateStore} port as PEM, loaded for TLS, and shown by its SHA-1 thumbprint the way
 * Octopus shows thumbprints.
 */
package dev.k8sagent.adapters.octopus.identity;
