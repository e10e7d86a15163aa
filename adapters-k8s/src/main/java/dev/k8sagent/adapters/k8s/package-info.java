/**
 * Cluster adapters: script pods, the cluster version, the agent-state Secret, and their twins
 * ({@link dev.k8sagent.adapters.k8s.InMemoryScriptPods}, {@link
 * dev.k8sagent.adapters.k8s.FixedClusterInfo}) for tests and local runs.
 */
package dev.k8sagent.adapters.k8s;
