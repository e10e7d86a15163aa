/** Storage adapters: task workspaces on the shared volume. */
package dev.k8sagent.adapters.storage;
