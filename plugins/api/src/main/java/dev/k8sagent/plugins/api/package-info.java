/**
 * The plugin API: extension points a plugin jar implements, and nothing else. A plugin depends on
 * this module, the domain and ports modules (all {@code provided}) and PF4J; it never sees the
 * agent's wiring, Kubernetes client or transport.
 *
 * <p>To write a plugin: implement an extension point, mark the class {@code @org.pf4j.Extension},
 * give the jar a manifest with {@code Plugin-Id}, {@code Plugin-Version}, {@code Plugin-Provider},
 * {@code Plugin-Class} and {@code Plugin-Requires} (the API version range it was built for), and
 * drop the jar into the agent's {@code plugins/} folder.
 */
package dev.k8sagent.plugins.api;
