/** The runnable agent: command line, wiring, configuration, plugin loading, lifecycle. */
package dev.k8sagent.bootstrap;
