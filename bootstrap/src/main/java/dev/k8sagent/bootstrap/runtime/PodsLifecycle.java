package dev.k8sagent.bootstrap.runtime;

/** Starting and stopping whatever follows the pods (a watch, local processes). */
interface PodsLifecycle extends AutoCloseable {
  void start();

  /** Stops following the pods; the pods keep running, so the next start picks them up. */
  @Override
  void close();
}
