/**
 * Cluster adapters: script pods, the cluster version, the agent-state Secret, and the local
 * adapters a run without a cluster chooses ({@link dev.k8sagent.adapters.k8s.FixedClusterInfo},
 * {@link dev.k8sagent.adapters.k8s.ConfiguredToolingImages}).
 */
package dev.k8sagent.adapters.k8s;
