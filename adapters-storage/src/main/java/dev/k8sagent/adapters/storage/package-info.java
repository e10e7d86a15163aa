/**
 * Storage adapters: task workspaces on the shared volume, and in-memory twins of the storage ports
 * for tests and local runs.
 */
package dev.k8sagent.adapters.storage;
