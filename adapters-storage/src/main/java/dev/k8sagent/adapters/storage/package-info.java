/**
 * Storage adapters: task workspaces and the server's files on the shared volume, the agent state in
 * a file, and a watchdog for a hung NFS mount.
 */
package dev.k8sagent.adapters.storage;
