/**
 * The in-memory Octopus Server API that the simulator's REST routes serve and that tests and the
 * demo fill with spaces, environments and tenants. It lives with the simulator, not in the agent:
 * only the demo and tests use it.
 */
package dev.k8sagent.adapters.octopus;
