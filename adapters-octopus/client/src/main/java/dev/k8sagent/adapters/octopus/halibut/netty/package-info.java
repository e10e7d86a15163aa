/**
 * The Halibut exchange as a Netty pipeline of small handlers, one job each. Inbound frames are
 * decoded by {@link dev.k8sagent.adapters.octopus.halibut.netty.InboundFrameDecoder} into messages,
 * data-stream chunks and control lines.
 */
package dev.k8sagent.adapters.octopus.halibut.netty;
