package dev.k8sagent.adapters.octopus.simulator;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.k8sagent.adapters.octopus.InMemoryOctopusServerApi;
import dev.k8sagent.domain.target.DnsLabel;
import dev.k8sagent.domain.target.SubscriptionId;
import dev.k8sagent.domain.target.Thumbprint;
import dev.k8sagent.domain.tenancy.TenantedDeploymentParticipation;
import dev.k8sagent.ports.out.MachineRegistration;
import dev.k8sagent.ports.out.NamedResource;
import dev.k8sagent.ports.out.ResourceKind;
import dev.k8sagent.ports.out.ServerApiException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The few REST routes of Octopus Server that registration uses, served from an {@link
 * InMemoryOctopusServerApi} on loopback: the API root (version), the global certificate
 * (thumbprint), spaces, environments, tenants, tag sets, machine policies, machines by name, and
 * creating a machine. Requests need {@code Authorization: Bearer <token>} with a token this
 * simulator issued and has not seen expire, or {@code X-Octopus-ApiKey} with its API key.
 */
public final class SimulatedRestApi implements AutoCloseable {
  private static final Gson GSON = new Gson();

  private final InMemoryOctopusServerApi data;
  private final Set<String> bearerTokens = ConcurrentHashMap.newKeySet();
  private final Set<String> apiKeys = ConcurrentHashMap.newKeySet();
  private final HttpServer http;
  private final boolean https;

  public SimulatedRestApi(InMemoryOctopusServerApi data) throws IOException {
    this(data, java.util.Optional.empty());
  }

  /** Serves HTTPS with {@code tls} as the server certificate when given, else plain HTTP. */
  public SimulatedRestApi(
      InMemoryOctopusServerApi data,
      java.util.Optional<dev.k8sagent.adapters.octopus.identity.LoadedIdentity> tls)
      throws IOException {
    this.data = data;
    this.https = tls.isPresent();
    // Octopus Server answers without Nagle's delay; the JDK's server does so only with this
    // property, read once when its first server starts. Without it each REST call of a
    // registration waited ~40 ms for the client's delayed acknowledgement.
    System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    if (tls.isPresent()) {
      com.sun.net.httpserver.HttpsServer secure =
          com.sun.net.httpserver.HttpsServer.create(address, 0);
      secure.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(context(tls.get())));
      http = secure;
    } else {
      http = HttpServer.create(address, 0);
    }
    http.createContext("/api", this::handle);
    http.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(SimulatedRestApi::daemon));
    http.start();
  }

  /** The server URL an agent registers with ({@code ServerUrl}). */
  public URI url() {
    return https
        ? URI.create("https://localhost:" + http.getAddress().getPort())
        : URI.create("http://127.0.0.1:" + http.getAddress().getPort());
  }

  /** Issues a registration token, as "generate the install command" does. */
  public String issueBearerToken() {
    String token = "eyJ" + java.util.UUID.randomUUID().toString().replace("-", "");
    bearerTokens.add(token);
    return token;
  }

  /** Makes a token expire: later requests with it get 401. */
  public void expire(String token) {
    bearerTokens.remove(token);
  }

  public void acceptApiKey(String key) {
    apiKeys.add(key);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!authorised(exchange)) {
        respond(
            exchange,
            401,
            error(
                "You must be logged in to perform this action. Please provide a valid API key or log in again."));
        return;
      }
      String path = exchange.getRequestURI().getPath().replaceAll("/+$", "");
      String method = exchange.getRequestMethod();
      String[] parts = path.split("/");
      try {
        if (path.equals("/api")) {
          JsonObject root = new JsonObject();
          root.addProperty("Application", "Octopus Deploy");
          root.addProperty("Version", data.serverVersion().toString());
          respond(exchange, 200, root);
        } else if (path.equals("/api/configuration/certificates/certificate-global")) {
          JsonObject certificate = new JsonObject();
          certificate.addProperty("Thumbprint", data.serverThumbprint().hex());
          respond(exchange, 200, certificate);
        } else if (path.equals("/api/spaces/all")) {
          respond(exchange, 200, resources(data.spaces()));
        } else if (parts.length == 5 && parts[4].equals("all")) {
          respond(exchange, 200, list(parts[3], parts[2]));
        } else if (parts.length == 4 && parts[3].equals("machines") && method.equals("GET")) {
          String name = query(exchange.getRequestURI(), "partialName");
          JsonObject page = new JsonObject();
          page.add("Items", resources(data.findMachine(parts[2], name).stream().toList()));
          respond(exchange, 200, page);
        } else if (parts.length == 4 && parts[3].equals("machines") && method.equals("POST")) {
          JsonObject body =
              JsonParser.parseString(
                      new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
                  .getAsJsonObject();
          NamedResource machine = data.registerMachine(parts[2], registration(body));
          respond(exchange, 201, resource(machine));
        } else {
          respond(exchange, 404, error("No route for " + method + " " + path));
        }
      } catch (ServerApiException e) {
        respond(exchange, e.status(), error(e.getMessage()));
      } catch (RuntimeException e) {
        respond(exchange, 400, error("There was a problem with your request: " + e.getMessage()));
      }
    }
  }

  private boolean authorised(HttpExchange exchange) {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization != null && authorization.startsWith("Bearer ")) {
      return bearerTokens.contains(authorization.substring("Bearer ".length()));
    }
    String key = exchange.getRequestHeaders().getFirst("X-Octopus-ApiKey");
    return key != null && apiKeys.contains(key);
  }

  private JsonArray list(String collection, String spaceId) {
    return switch (collection) {
      case "environments" -> resources(data.list(ResourceKind.ENVIRONMENT, spaceId));
      case "tenants" -> resources(data.list(ResourceKind.TENANT, spaceId));
      case "machinepolicies" -> resources(data.list(ResourceKind.MACHINE_POLICY, spaceId));
      case "tagsets" -> tagSets(data.list(ResourceKind.TENANT_TAG, spaceId));
      default -> throw new ServerApiException(404, "No collection " + collection);
    };
  }

  /** Tags grouped into their sets, each with its canonical name, as the server lists them. */
  private static JsonArray tagSets(List<NamedResource> tags) {
    java.util.Map<String, JsonArray> sets = new java.util.LinkedHashMap<>();
    for (NamedResource tag : tags) {
      String set = tag.name().substring(0, tag.name().indexOf('/'));
      JsonObject json = new JsonObject();
      json.addProperty("Name", tag.name().substring(tag.name().indexOf('/') + 1));
      json.addProperty("CanonicalTagName", tag.name());
      sets.computeIfAbsent(set, k -> new JsonArray()).add(json);
    }
    JsonArray out = new JsonArray();
    sets.forEach(
        (name, list) -> {
          JsonObject set = new JsonObject();
          set.addProperty("Id", "TagSets-" + Math.abs(name.hashCode()));
          set.addProperty("Name", name);
          set.add("Tags", list);
          out.add(set);
        });
    return out;
  }

  private static MachineRegistration registration(JsonObject body) {
    JsonObject endpoint = body.getAsJsonObject("Endpoint");
    if (!"KubernetesTentacle".equals(endpoint.get("CommunicationStyle").getAsString())) {
      throw new ServerApiException(400, "Expected a KubernetesTentacle endpoint");
    }
    JsonObject tentacle = endpoint.getAsJsonObject("TentacleEndpointConfiguration");
    if (!"Polling".equals(tentacle.get("CommunicationMode").getAsString())) {
      throw new ServerApiException(400, "Expected a polling endpoint");
    }
    return new MachineRegistration(
        body.get("Name").getAsString(),
        strings(body, "EnvironmentIds"),
        strings(body, "Roles"),
        strings(body, "TenantIds"),
        strings(body, "TenantTags"),
        TenantedDeploymentParticipation.parse(
            body.get("TenantedDeploymentParticipation").getAsString()),
        optional(body, "MachinePolicyId"),
        new Thumbprint(tentacle.get("Thumbprint").getAsString()),
        new SubscriptionId(tentacle.get("Uri").getAsString()),
        optional(endpoint, "DefaultNamespace").map(DnsLabel::new));
  }

  private static List<String> strings(JsonObject body, String member) {
    List<String> out = new ArrayList<>();
    if (body.has(member) && body.get(member).isJsonArray()) {
      body.getAsJsonArray(member).forEach(e -> out.add(e.getAsString()));
    }
    return out;
  }

  private static Optional<String> optional(JsonObject body, String member) {
    return body.has(member) && !body.get(member).isJsonNull()
        ? Optional.of(body.get(member).getAsString())
        : Optional.empty();
  }

  private static JsonArray resources(List<NamedResource> resources) {
    JsonArray out = new JsonArray();
    resources.forEach(r -> out.add(resource(r)));
    return out;
  }

  private static JsonObject resource(NamedResource resource) {
    JsonObject json = new JsonObject();
    json.addProperty("Id", resource.id());
    json.addProperty("Name", resource.name());
    return json;
  }

  private static JsonObject error(String message) {
    JsonObject json = new JsonObject();
    json.addProperty("ErrorMessage", message);
    json.add("Errors", new JsonArray());
    return json;
  }

  private static String query(URI uri, String name) {
    if (uri.getRawQuery() != null) {
      for (String part : uri.getRawQuery().split("&")) {
        String[] pair = part.split("=", 2);
        if (pair[0].equals(name) && pair.length == 2) {
          return URLDecoder.decode(pair[1], StandardCharsets.UTF_8);
        }
      }
    }
    return "";
  }

  private static void respond(HttpExchange exchange, int status, Object json) throws IOException {
    byte[] body = GSON.toJson(json).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  private static javax.net.ssl.SSLContext context(
      dev.k8sagent.adapters.octopus.identity.LoadedIdentity identity) {
    try {
      java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] password = "simulator".toCharArray();
      store.setKeyEntry(
          "server",
          identity.privateKey(),
          password,
          new java.security.cert.Certificate[] {identity.certificate()});
      javax.net.ssl.KeyManagerFactory keys =
          javax.net.ssl.KeyManagerFactory.getInstance(
              javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password);
      javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (java.security.GeneralSecurityException | IOException e) {
      throw new IllegalStateException("Cannot serve HTTPS: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    http.stop(0);
  }

  private static Thread daemon(Runnable runnable) {
    Thread thread = new Thread(runnable, "simulator-rest");
    thread.setDaemon(true);
    return thread;
  }
}
