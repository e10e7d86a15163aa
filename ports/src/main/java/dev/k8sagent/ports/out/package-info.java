/**
 * Outbound ports: what the core needs from the world. Each has one contract suite in this module's
 * test-jar ({@code dev.k8sagent.ports.out.contract}) that its real adapter and its twin both pass.
 */
package dev.k8sagent.ports.out;
