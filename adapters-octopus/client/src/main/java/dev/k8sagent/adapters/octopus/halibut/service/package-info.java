/**
 * The services a Kubernetes agent serves to Octopus Server, mapped onto the inbound ports: the
 * Tentacle contract types in BSON in, port commands out, and back. A failing use case becomes an
 * error response shaped as Halibut shapes it, so the server retries only what may succeed.
 */
package dev.k8sagent.adapters.octopus.halibut.service;
