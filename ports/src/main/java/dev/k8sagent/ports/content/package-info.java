/** Streamed file contents, shared by inbound and outbound ports. */
package dev.k8sagent.ports.content;
