package dev.k8sagent.adapters.k8s;

import io.kubernetes.client.openapi.ApiClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Times every Kubernetes API request an {@link ApiClient} makes and tells an {@link Observer} the
 * verb, the resource and the status code, each from a small fixed set so a metric built on them
 * stays bounded whatever the API server answers. The time is until the response headers arrive (for
 * a watch: until it is established).
 */
public final class ApiCallTimer implements Interceptor {
  /** The resources the agent calls; any other path is {@code other}. */
  static final Set<String> RESOURCES =
      Set.of("pods", "events", "secrets", "configmaps", "namespaces", "nodes", "version");

  /** The status codes told apart; any other is {@code other}, no answer at all is {@code none}. */
  static final Set<Integer> CODES =
      Set.of(200, 201, 202, 204, 400, 401, 403, 404, 409, 410, 422, 429, 500, 502, 503, 504);

  /** Receives one observation per request. */
  @FunctionalInterface
  public interface Observer {
    /**
     * @param verb {@code get}, {@code list}, {@code watch}, {@code create}, {@code update}, {@code
     *     patch}, {@code delete} or {@code other}
     * @param resource one of {@link #RESOURCES} or {@code other}
     * @param code the status code as text, {@code other} or {@code none}
     * @param took from sending the request until the response headers arrived or it failed
     */
    void observed(String verb, String resource, String code, Duration took);
  }

  private final Observer observer;

  public ApiCallTimer(Observer observer) {
    this.observer = observer;
  }

  /** Adds a timer telling {@code observer} to {@code client}'s HTTP client. */
  public static void install(ApiClient client, Observer observer) {
    client.setHttpClient(
        client.getHttpClient().newBuilder().addInterceptor(new ApiCallTimer(observer)).build());
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    List<String> path = request.url().pathSegments();
    String verb =
        verb(request.method(), path, "true".equals(request.url().queryParameter("watch")));
    String resource = resource(path);
    long start = System.nanoTime();
    try {
      Response response = chain.proceed(request);
      observer.observed(verb, resource, code(response.code()), since(start));
      return response;
    } catch (IOException | RuntimeException e) {
      observer.observed(verb, resource, "none", since(start));
      throw e;
    }
  }

  /** The Kubernetes verb of a request, as the API server's audit log names it. */
  static String verb(String method, List<String> path, boolean watch) {
    boolean named = resourceIndex(path) >= 0 && resourceIndex(path) + 1 < path.size();
    return switch (method.toUpperCase(Locale.ROOT)) {
      case "GET" -> watch ? "watch" : named || isVersion(path) ? "get" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> named ? "delete" : "deletecollection";
      default -> "other";
    };
  }

  /** The resource a path names ({@code /api/v1/namespaces/ns/pods/p/status} is {@code pods}). */
  static String resource(List<String> path) {
    if (isVersion(path)) {
      return "version";
    }
    int at = resourceIndex(path);
    String resource = at < 0 ? "other" : path.get(at);
    return RESOURCES.contains(resource) ? resource : "other";
  }

  static String code(int status) {
    return CODES.contains(status) ? Integer.toString(status) : "other";
  }

  /**
   * Where the resource is in {@code /api/v1/[namespaces/<ns>/]<resource>[/<name>…]} or {@code
   * /apis/<group>/<version>/[namespaces/<ns>/]<resource>…}; -1 for another shape.
   */
  private static int resourceIndex(List<String> path) {
    int at;
    if (!path.isEmpty() && path.get(0).equals("api")) {
      at = 2;
    } else if (!path.isEmpty() && path.get(0).equals("apis")) {
      at = 3;
    } else {
      return -1;
    }
    if (path.size() > at + 2 && path.get(at).equals("namespaces")) {
      at += 2;
    }
    return path.size() > at && !path.get(at).isEmpty() ? at : -1;
  }

  private static boolean isVersion(List<String> path) {
    return !path.isEmpty() && path.get(0).equals("version");
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
