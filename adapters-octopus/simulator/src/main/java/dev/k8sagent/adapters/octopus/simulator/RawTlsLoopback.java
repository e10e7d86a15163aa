package dev.k8sagent.adapters.octopus.simulator;

import dev.k8sagent.adapters.octopus.identity.LoadedIdentity;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The baselines the benchmarks measure the agent against, in the same run: plain JDK TLS sockets on
 * loopback, no protocol and no agent. {@link #copy} sends bytes one way as fast as they go; {@link
 * #roundTrips} bounces a small message over several connections, one at a time on each.
 */
public final class RawTlsLoopback {
  private static final long WAIT_MINUTES = 30;
  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private final SSLContext serverContext;
  private final SSLContext clientContext;
  private final java.util.concurrent.Executor threads =
      runnable -> {
        Thread thread = new Thread(runnable, "raw-tls-baseline");
        thread.setDaemon(true);
        thread.start();
      };

  /** Benchmark sockets whose server presents {@code server}; the client trusts anything. */
  public RawTlsLoopback(LoadedIdentity server) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(
          "server", server.privateKey(), new char[0], new X509Certificate[] {server.certificate()});
      KeyManagerFactory keys = KeyManagerFactory.getInstance("SunX509");
      keys.init(store, new char[0]);
      serverContext = SSLContext.getInstance("TLS");
      serverContext.init(keys.getKeyManagers(), null, null);
      clientContext = SSLContext.getInstance("TLS");
      clientContext.init(null, new TrustManager[] {new TrustingAnything()}, null);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("Cannot set up the raw TLS baseline: " + e.getMessage(), e);
    }
  }

  /**
   * A copy's speed, and the CPU its receiving thread used: what only taking the bytes off JDK TLS
   * costs.
   */
  public record Copy(double mibPerSecond, long receiverCpuNanos) {}

  /** Sends {@code bytes} from one socket to another; MiB/s, handshake included. */
  public double copy(long bytes) throws IOException, InterruptedException {
    return measuredCopy(bytes).mibPerSecond();
  }

  /** As {@link #copy}, with the CPU time of the receiving side. */
  public Copy measuredCopy(long bytes) throws IOException, InterruptedException {
    try (SSLServerSocket listener = listen(1)) {
      CompletableFuture<Long> reading =
          CompletableFuture.supplyAsync(
              () -> {
                long cpuStart = THREADS.getCurrentThreadCpuTime();
                try (SSLSocket socket = (SSLSocket) listener.accept();
                    InputStream in = socket.getInputStream()) {
                  in.transferTo(OutputStream.nullOutputStream());
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
                return THREADS.getCurrentThreadCpuTime() - cpuStart;
              },
              threads);
      long start = System.nanoTime();
      try (SSLSocket socket = connect(listener);
          OutputStream out = socket.getOutputStream()) {
        byte[] block = new byte[64 * 1024];
        for (long sent = 0; sent < bytes; sent += block.length) {
          out.write(block, 0, (int) Math.min(block.length, bytes - sent));
        }
      }
      long receiverCpu = await(reading);
      return new Copy(bytes / 1048576.0 / ((System.nanoTime() - start) / 1e9), receiverCpu);
    }
  }

  /**
   * {@code total} round trips of a {@code size}-byte message spread over {@code connections}
   * connections, each waiting for its answer before the next; round trips per second.
   */
  public double roundTrips(int connections, int total, int size)
      throws IOException, InterruptedException {
    try (SSLServerSocket listener = listen(connections)) {
      List<CompletableFuture<Void>> echoes = new ArrayList<>();
      for (int i = 0; i < connections; i++) {
        echoes.add(
            CompletableFuture.runAsync(
                () -> {
                  try (SSLSocket socket = (SSLSocket) listener.accept()) {
                    socket.setTcpNoDelay(true);
                    bounce(socket, Integer.MAX_VALUE, size);
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                },
                threads));
      }
      List<SSLSocket> sockets = new ArrayList<>();
      try {
        for (int i = 0; i < connections; i++) {
          SSLSocket socket = connect(listener);
          socket.setTcpNoDelay(true);
          socket.startHandshake();
          sockets.add(socket);
        }
        long start = System.nanoTime();
        List<CompletableFuture<Void>> senders = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
          SSLSocket socket = sockets.get(i);
          int share = total / connections + (i < total % connections ? 1 : 0);
          senders.add(
              CompletableFuture.runAsync(
                  () -> {
                    try {
                      ask(socket, share, size);
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  },
                  threads));
        }
        for (CompletableFuture<Void> sender : senders) {
          await(sender);
        }
        return total / ((System.nanoTime() - start) / 1e9);
      } finally {
        for (SSLSocket socket : sockets) {
          socket.close();
        }
      }
    }
  }

  private static void ask(SSLSocket socket, int count, int size) throws IOException {
    byte[] message = new byte[size];
    OutputStream out = socket.getOutputStream();
    DataInputStream in = new DataInputStream(socket.getInputStream());
    for (int i = 0; i < count; i++) {
      out.write(message);
      out.flush();
      in.readFully(message);
    }
  }

  private static void bounce(SSLSocket socket, int count, int size) throws IOException {
    byte[] message = new byte[size];
    DataInputStream in = new DataInputStream(socket.getInputStream());
    OutputStream out = socket.getOutputStream();
    for (int i = 0; i < count; i++) {
      try {
        in.readFully(message);
      } catch (java.io.EOFException | javax.net.ssl.SSLException e) {
        return; // the asking side is done
      }
      out.write(message);
      out.flush();
    }
  }

  private SSLServerSocket listen(int backlog) throws IOException {
    return (SSLServerSocket)
        serverContext
            .getServerSocketFactory()
            .createServerSocket(0, backlog, InetAddress.getLoopbackAddress());
  }

  private SSLSocket connect(SSLServerSocket listener) throws IOException {
    return (SSLSocket)
        clientContext
            .getSocketFactory()
            .createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
  }

  private static <T> T await(CompletableFuture<T> work) throws IOException, InterruptedException {
    try {
      return work.get(WAIT_MINUTES, TimeUnit.MINUTES);
    } catch (ExecutionException e) {
      Throwable cause =
          e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
      throw cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause);
    } catch (TimeoutException e) {
      throw new IOException("The raw TLS baseline took more than " + WAIT_MINUTES + " minutes", e);
    }
  }

  /** A benchmark's client: the server is our own on loopback. */
  private static final class TrustingAnything implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String type) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String type) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
