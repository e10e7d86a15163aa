/**
 * The Octopus side: Halibut polling transport, message codec, service dispatch, registration over
 * REST, the agent certificate, a loopback server simulator, and an in-memory twin of the server
 * API.
 */
package dev.k8sagent.adapters.octopus;
