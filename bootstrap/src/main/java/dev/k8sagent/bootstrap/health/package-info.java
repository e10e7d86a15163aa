/**
 * The agent's HTTP endpoint for probes and scraping, and its metrics on the Prometheus Java client:
 * figures read at each scrape from a small {@link dev.k8sagent.bootstrap.health.AgentMetrics}
 * interface, recorded ones from the agent's parts, every label value from a fixed set ({@link
 * dev.k8sagent.bootstrap.health.RequestLabels}).
 */
package dev.k8sagent.bootstrap.health;
