/**
 * Inbound ports: the use cases the Halibut dispatcher and the runtime call, with their commands.
 */
package dev.k8sagent.ports.in;
