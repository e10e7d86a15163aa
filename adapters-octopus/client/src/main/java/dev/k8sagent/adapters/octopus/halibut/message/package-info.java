/**
 * Halibut's request and response messages and the {@code $type} names Newtonsoft writes for them:
 * the envelope {@code {Message: …}}, the allow-list of types, and where a message's data streams
 * are.
 */
package dev.k8sagent.adapters.octopus.halibut.message;
