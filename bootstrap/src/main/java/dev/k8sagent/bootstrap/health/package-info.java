/**
 * The agent's HTTP endpoint for probes and scraping, and the Prometheus text it serves, read from a
 * small {@link dev.k8sagent.bootstrap.health.AgentMetrics} interface so the format is tested alone.
 */
package dev.k8sagent.bootstrap.health;
