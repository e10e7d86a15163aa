/**
 * A small Octopus Server stand-in for tests and the demo: a TLS listener with its own certificate
 * that accepts trusted agents only, queues calls per subscription, sends keep-alives when idle, and
 * carries data streams both ways — the server side of the same protocol.
 */
package dev.k8sagent.adapters.octopus.simulator;
