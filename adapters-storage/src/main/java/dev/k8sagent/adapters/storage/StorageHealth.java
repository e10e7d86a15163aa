package dev.k8sagent.adapters.storage;

import java.time.Instant;

/** Whether the shared volume answers, as the {@link NfsWatchdog} last found it. */
public sealed interface StorageHealth {

  /** The last probe wrote, flushed, read back and removed a file in time. */
  record Healthy(Instant checkedAt) implements StorageHealth {}

  /**
   * The volume did not answer properly; {@code reason} says how, for logs and the health endpoint.
   */
  record Unhealthy(Instant since, String reason) implements StorageHealth {}

  /** No probe has finished yet. */
  record Unknown() implements StorageHealth {}
}
