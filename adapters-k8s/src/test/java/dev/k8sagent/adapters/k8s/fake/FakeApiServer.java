package dev.k8sagent.adapters.k8s.fake;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small Kubernetes API server for tests: fabric8's CRUD mock stores the objects, and this front
 * adds what the mock does not serve to client-java: HTTP-streaming pod watches (fed by every pod
 * change that passes through here, filtered by label selector), {@code /version/}, and event lists
 * with a field selector (the selector is dropped; callers filter). A watch from a resource version
 * it handed out (in a list or an event) first replays the pod events since. It can end every open
 * watch, close every new one at once, fail the next calls or every call, to test re-listing,
 * back-off and retries.
 *
 * <p>{@link #startedWithTls()} serves HTTPS as a real API server does, with a certificate made for
 * it that its clients and kubeconfig trust, so a client's TLS handshakes are part of what is
 * measured.
 */
public final class FakeApiServer implements AutoCloseable {
  private static final java.util.logging.Logger QUIET_MOCK =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    QUIET_MOCK.setLevel(java.util.logging.Level.WARNING); // one line per request otherwise
  }

  /** Requests with this header come from the simulated kubelet and are not counted. */
  public static final String KUBELET_HEADER = "X-Simulated-Kubelet";

  private final KubernetesMockServer store;
  private final HttpServer front;
  private final Optional<LoopbackCertificate> tls;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Set<Watcher> watchers = ConcurrentHashMap.newKeySet();
  private final Map<String, Queue<Integer>> failures = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final AtomicLong watchesStarted = new AtomicLong();
  private final List<String> history = new ArrayList<>(); // every pod event line, in order
  private final Map<String, Integer> historyAt = new HashMap<>(); // resourceVersion -> position
  private volatile boolean closeWatchesAtOnce;
  private volatile int failEverythingWith;
  private final Map<String, Long> podCreateArrivals = new ConcurrentHashMap<>();
  private volatile String gitVersion = "v1.31.4";

  public FakeApiServer() throws IOException {
    this(Optional.empty());
  }

  private FakeApiServer(Optional<LoopbackCertificate> tls) throws IOException {
    this.tls = tls;
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    store =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            responses,
            new KubernetesMixedDispatcher(responses),
            false);
    store.init(InetAddress.getByName("127.0.0.1"), 0);
    // A real API server answers without Nagle's delay; the JDK's server does so only with this
    // property, read once when its first server starts. Without it many answers waited ~40 ms
    // for the client's delayed acknowledgement.
    System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
    InetSocketAddress address = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0);
    if (tls.isPresent()) {
      HttpsServer secure = HttpsServer.create(address, 0);
      secure.setHttpsConfigurator(new HttpsConfigurator(tls.get().serverContext()));
      front = secure;
    } else {
      front = HttpServer.create(address, 0);
    }
    front.setExecutor(Executors.newCachedThreadPool(r -> daemon(r)));
    front.createContext("/", this::handle);
    front.start();
  }

  /** A started server; an {@link IOException} becomes unchecked, for field initialisers. */
  public static FakeApiServer started() {
    try {
      return new FakeApiServer();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A started server that speaks HTTPS only, with a certificate of its own for 127.0.0.1. */
  public static FakeApiServer startedWithTls() {
    try {
      return new FakeApiServer(Optional.of(LoopbackCertificate.create()));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The URL client-java talks to. */
  public String url() {
    return (tls.isPresent() ? "https" : "http") + "://127.0.0.1:" + front.getAddress().getPort();
  }

  /** Writes a kubeconfig that points at this server with a bearer token; returns the file. */
  public java.nio.file.Path writeKubeconfig(java.nio.file.Path file) throws IOException {
    java.nio.file.Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: fake
          cluster: {server: %s%s}
        users:
        - name: agent
          user: {token: fake}
        contexts:
        - name: fake
          context: {cluster: fake, user: agent}
        current-context: fake
        """
            .formatted(
                url(),
                tls.map(
                        certificate ->
                            ", certificate-authority-data: "
                                + java.util.Base64.getEncoder()
                                    .encodeToString(
                                        certificate.pem().getBytes(StandardCharsets.US_ASCII)))
                    .orElse("")));
    return file;
  }

  /** A client with a read timeout, for ordinary calls. */
  public ApiClient client() {
    return builder().setReadTimeout(Duration.ofSeconds(10)).build();
  }

  /** A client without a read timeout, for watches. */
  public ApiClient watchClient() {
    return builder().setReadTimeout(Duration.ZERO).build();
  }

  private ClientBuilder builder() {
    ClientBuilder builder = new ClientBuilder().setBasePath(url());
    tls.ifPresent(
        certificate ->
            builder.setCertificateAuthority(certificate.pem().getBytes(StandardCharsets.US_ASCII)));
    return builder;
  }

  /** The version {@code /version/} reports. */
  public void gitVersion(String version) {
    gitVersion = version;
  }

  /** Ends every open watch, as an API server does when its timeout passes or it restarts. */
  public void endWatches() {
    for (Watcher watcher : watchers) {
      watcher.lines.add(Watcher.END);
    }
  }

  /**
   * Tells every open watch that its resource version is too old (an ERROR event with status 410
   * Gone, as after etcd compaction) and ends it.
   */
  public void expireWatches() {
    String gone =
        "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\","
            + "\"status\":\"Failure\",\"code\":410,\"reason\":\"Expired\","
            + "\"message\":\"too old resource version\"}}\n";
    for (Watcher watcher : watchers) {
      watcher.lines.add(gone);
      watcher.lines.add(Watcher.END);
    }
  }

  /**
   * While on, every watch is answered and closed at once with no event, as a proxy that cuts long
   * requests does.
   */
  public void closeWatchesAtOnce(boolean on) {
    closeWatchesAtOnce = on;
    if (on) {
      endWatches();
    }
  }

  /**
   * While not 0, every request of the agent's (not the kubelet's) is answered with this status, and
   * open watches end: an API server that is down behind a load balancer.
   */
  public void failEverythingWith(int status) {
    failEverythingWith = status;
    if (status != 0) {
      endWatches();
    }
  }

  /**
   * Answers the next {@code count} requests of a kind ({@code POST pods}, {@code GET version}, as
   * {@link #calls} names them) with {@code status}.
   */
  public void failNext(String kind, int count, int status) {
    Queue<Integer> queue =
        failures.computeIfAbsent(kind, k -> new java.util.concurrent.ConcurrentLinkedQueue<>());
    for (int i = 0; i < count; i++) {
      queue.add(status);
    }
  }

  /**
   * The agent's requests (not the kubelet's) seen by method and path kind, e.g. {@code POST pods},
   * {@code GET version}.
   */
  public int calls(String key) {
    return calls.getOrDefault(key, new AtomicInteger()).get();
  }

  /** When ({@link System#nanoTime()}) the first create request for the named pod arrived. */
  public Optional<Long> podCreateArrival(String podName) {
    return Optional.ofNullable(podCreateArrivals.get(podName));
  }

  /** Every request counted so far, by kind. */
  public Map<String, Integer> allCalls() {
    Map<String, Integer> out = new java.util.TreeMap<>();
    calls.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  /** How many watches are open now. */
  public int openWatches() {
    return watchers.size();
  }

  public long watchesStarted() {
    return watchesStarted.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      URI uri = exchange.getRequestURI();
      String path = uri.getRawPath();
      Map<String, String> query = query(uri.getRawQuery());
      String kind =
          exchange.getRequestHeaders().containsKey(KUBELET_HEADER)
              ? "kubelet"
              : count(method, path, query);
      int down = failEverythingWith;
      if (down != 0 && !kind.equals("kubelet")) {
        respond(exchange, down, "{\"kind\":\"Status\",\"message\":\"injected outage\"}");
        return;
      }
      Queue<Integer> planned = failures.get(kind);
      Integer failure = planned == null ? null : planned.poll();
      if (failure != null) {
        respond(exchange, failure, "{\"kind\":\"Status\",\"message\":\"injected failure\"}");
        return;
      }
      if ("true".equals(query.get("watch")) && path.endsWith("/pods")) {
        watch(exchange, query);
        return;
      }
      if (path.equals("/version") || path.equals("/version/")) {
        respond(exchange, 200, versionInfo());
        return;
      }
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (kind.equals("POST pods")) {
        long arrived = System.nanoTime();
        JsonObject pod =
            JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonObject();
        podCreateArrivals.putIfAbsent(
            pod.getAsJsonObject("metadata").get("name").getAsString(), arrived);
      }
      String forwarded = path;
      if (path.endsWith("/events")) {
        query.remove("fieldSelector");
      }
      if (!query.isEmpty()) {
        forwarded += "?" + encode(query);
      }
      boolean podChange = !method.equals("GET") && isPodPath(path);
      String before = null;
      if (method.equals("DELETE") && podChange) {
        HttpResponse<String> current = forward("GET", path, new byte[0], null);
        before = current.statusCode() == 200 ? current.body() : null;
      }
      HttpResponse<String> response =
          forward(method, forwarded, body, exchange.getRequestHeaders().getFirst("Content-Type"));
      if (method.equals("GET") && path.endsWith("/pods") && response.statusCode() == 200) {
        rememberListVersion(response.body());
      }
      respond(exchange, response.statusCode(), response.body());
      if (podChange && response.statusCode() < 300) {
        if (method.equals("DELETE")) {
          if (before != null) {
            publish("DELETED", before);
          }
        } else {
          publish(method.equals("POST") ? "ADDED" : "MODIFIED", response.body());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String count(String method, String path, Map<String, String> query) {
    String kind =
        path.startsWith("/version")
            ? "version"
            : path.contains("/events")
                ? "events"
                : path.contains("/secrets") ? "secrets" : path.contains("/pods") ? "pods" : "other";
    String key = method + " " + kind + ("true".equals(query.get("watch")) ? " watch" : "");
    calls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    return key;
  }

  private static boolean isPodPath(String path) {
    return path.matches("/api/v1/namespaces/[^/]+/pods(/[^/]+(/status)?)?");
  }

  /** Passes a request on to the store; a patch keeps its content type, which names its kind. */
  private HttpResponse<String> forward(
      String method, String pathAndQuery, byte[] body, String contentType)
      throws IOException, InterruptedException {
    boolean patch = method.equals("PATCH") && contentType != null;
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(store.url(pathAndQuery)))
            .header("Content-Type", patch ? contentType : "application/json")
            .method(
                method,
                body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private void publish(String type, String objectJson) {
    JsonObject object = JsonParser.parseString(objectJson).getAsJsonObject();
    if (!"Pod".equals(object.has("kind") ? object.get("kind").getAsString() : "Pod")) {
      return;
    }
    JsonObject event = new JsonObject();
    event.addProperty("type", type);
    event.add("object", object);
    String line = event + "\n";
    synchronized (history) {
      history.add(line);
      JsonObject metadata = object.getAsJsonObject("metadata");
      if (metadata != null && metadata.has("resourceVersion")) {
        historyAt.put(metadata.get("resourceVersion").getAsString(), history.size());
      }
      for (Watcher watcher : watchers) {
        if (watcher.matches(object)) {
          watcher.lines.add(line);
        }
      }
    }
  }

  private void rememberListVersion(String listJson) {
    JsonObject metadata =
        JsonParser.parseString(listJson).getAsJsonObject().getAsJsonObject("metadata");
    if (metadata != null && metadata.has("resourceVersion")) {
      synchronized (history) {
        historyAt.putIfAbsent(metadata.get("resourceVersion").getAsString(), history.size());
      }
    }
  }

  private void watch(HttpExchange exchange, Map<String, String> query) throws IOException {
    watchesStarted.incrementAndGet();
    Watcher watcher = new Watcher(selector(query.get("labelSelector")));
    if (closeWatchesAtOnce) {
      exchange.sendResponseHeaders(200, -1);
      return;
    }
    synchronized (history) {
      // A watch from a version the agent saw replays what happened since, as etcd's window does.
      Integer from = historyAt.get(query.getOrDefault("resourceVersion", ""));
      if (from != null) {
        for (String line : history.subList(from, history.size())) {
          if (watcher.matches(
              JsonParser.parseString(line).getAsJsonObject().getAsJsonObject("object"))) {
            watcher.lines.add(line);
          }
        }
      }
      watchers.add(watcher);
    }
    long timeout = Long.parseLong(query.getOrDefault("timeoutSeconds", "300"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeout);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      out.flush();
      while (System.nanoTime() < deadline) {
        String line = watcher.lines.poll(100, TimeUnit.MILLISECONDS);
        if (line == Watcher.END) {
          return;
        }
        if (line != null) {
          out.write(line.getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the client went away
    } finally {
      watchers.remove(watcher);
    }
  }

  private static Map<String, String> selector(String text) {
    Map<String, String> wanted = new LinkedHashMap<>();
    if (text != null) {
      for (String part : text.split(",")) {
        String[] pair = part.split("=", 2);
        if (pair.length == 2) {
          wanted.put(pair[0].trim(), pair[1].trim());
        }
      }
    }
    return wanted;
  }

  private String versionInfo() {
    String[] parts = gitVersion.replaceFirst("^v", "").split("\\.");
    return "{\"major\":\""
        + parts[0]
        + "\",\"minor\":\""
        + parts[1]
        + "\",\"gitVersion\":\""
        + gitVersion
        + "\",\"gitCommit\":\"0\",\"gitTreeState\":\"clean\",\"buildDate\":\"2026-01-01T00:00:00Z\","
        + "\"goVersion\":\"go1.24\",\"compiler\":\"gc\",\"platform\":\"linux/amd64\"}";
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw != null && !raw.isEmpty()) {
      for (String part : raw.split("&")) {
        String[] pair = part.split("=", 2);
        out.put(
            URLDecoder.decode(pair[0], StandardCharsets.UTF_8),
            pair.length > 1 ? URLDecoder.decode(pair[1], StandardCharsets.UTF_8) : "");
      }
    }
    return out;
  }

  private static String encode(Map<String, String> query) {
    List<String> parts = new ArrayList<>();
    query.forEach(
        (k, v) ->
            parts.add(
                java.net.URLEncoder.encode(k, StandardCharsets.UTF_8)
                    + "="
                    + java.net.URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return String.join("&", parts);
  }

  @Override
  public void close() throws IOException {
    endWatches();
    front.stop(0);
    store.destroy();
  }

  private static Thread daemon(Runnable runnable) {
    Thread thread = new Thread(runnable, "fake-api-server");
    thread.setDaemon(true);
    return thread;
  }

  private static final class Watcher {
    static final String END = new String("end-of-watch");
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final Map<String, String> selector;

    Watcher(Map<String, String> selector) {
      this.selector = selector;
    }

    boolean matches(JsonObject pod) {
      JsonObject metadata = pod.getAsJsonObject("metadata");
      JsonObject labels =
          metadata != null && metadata.has("labels") ? metadata.getAsJsonObject("labels") : null;
      for (Map.Entry<String, String> wanted : selector.entrySet()) {
        if (labels == null
            || !labels.has(wanted.getKey())
            || !labels.get(wanted.getKey()).getAsString().equals(wanted.getValue())) {
          return false;
        }
      }
      return true;
    }
  }
}
