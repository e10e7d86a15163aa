/**
 * The agent's polling connections to Octopus Server: several per server address, each re-opened
 * with capped, jittered back-off when it drops, all stopped gracefully.
 */
package dev.k8sagent.adapters.octopus.halibut.polling;
