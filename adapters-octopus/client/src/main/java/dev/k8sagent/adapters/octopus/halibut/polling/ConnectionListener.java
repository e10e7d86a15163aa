package dev.k8sagent.adapters.octopus.halibut.polling;

import java.net.URI;

/**
 * Told when a polling connection is established or dropped, for metrics and Kubernetes Events.
 * Called on the connection's I/O thread: an implementation only records and returns.
 */
public interface ConnectionListener {
  /** Why a polling connection is being made again. */
  enum DropReason {
    /** The TCP (or proxy) connection could not be opened. */
    CONNECT_FAILED,
    /** The connection opened but closed before the server identified it (TLS, handshake). */
    HANDSHAKE_FAILED,
    /** A polling connection that was identified closed. */
    CONNECTION_LOST
  }

  /** One told nothing. */
  ConnectionListener NONE =
      new ConnectionListener() {
        @Override
        public void identified(URI address) {}

        @Override
        public void dropped(URI address, DropReason reason) {}
      };

  /** A connection to {@code address} completed its handshake and polls now. */
  void identified(URI address);

  /** A connection to {@code address} is gone (or never came) and will be made again. */
  void dropped(URI address, DropReason reason);
}
