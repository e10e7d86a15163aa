/**
 * The plugin host: loads the PF4J plugin jars of the plugins folder at start-up, refuses those
 * built for another agent version, offers their extensions to the core, and stops them on shutdown.
 */
package dev.k8sagent.bootstrap.plugins;
