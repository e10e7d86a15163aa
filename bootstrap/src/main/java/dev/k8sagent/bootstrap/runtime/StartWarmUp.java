package dev.k8sagent.bootstrap.runtime;

import dev.k8sagent.adapters.k8s.KubernetesClients;
import dev.k8sagent.adapters.octopus.halibut.netty.TlsEngine;
import java.lang.System.Logger.Level;

/**
 * Work every start needs that waits on nothing the main thread does, begun on a short-lived thread
 * of its own so that it overlaps the main thread's: OpenSSL's native library while the
 * configuration is read and the agent wired (the first to ask whether it loads is the start's log
 * line of the TLS engine), client-java's JSON tables and HTTP client while the agent is wired. The
 * main thread still does the same calls in the same order; a class being initialised here makes it
 * wait for that, never do it twice, so this changes when the work happens, not what happens. A
 * failure here is left for the main thread to meet and report where it always did.
 */
public final class StartWarmUp {
  private static final System.Logger LOG = System.getLogger(StartWarmUp.class.getName());

  private StartWarmUp() {}

  /** Loads OpenSSL (or learns why it does not load), which the polling connections ask. */
  public static void tls() {
    begin("k8s-agent-warm-up-tls", () -> TlsEngine.openSslLoads());
  }

  /** Prepares the Kubernetes API client, which the agent's state is read through first. */
  public static void kubernetes() {
    begin("k8s-agent-warm-up-kubernetes", KubernetesClients::warmUp);
  }

  private static void begin(String name, Runnable work) {
    Thread thread =
        new Thread(
            () -> {
              try {
                work.run();
              } catch (RuntimeException | LinkageError e) {
                LOG.log(Level.DEBUG, name + " failed, the start meets it itself: " + e);
              }
            },
            name);
    thread.setDaemon(true);
    thread.start();
  }
}
