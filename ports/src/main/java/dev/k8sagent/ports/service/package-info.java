/**
 * The core services: the inbound ports implemented by combining domain rules with outbound ports.
 * {@link dev.k8sagent.ports.service.RunningScripts} is the heart: from "the server asked to run a
 * script" to "the server has every line of output and the exit code".
 */
package dev.k8sagent.ports.service;
