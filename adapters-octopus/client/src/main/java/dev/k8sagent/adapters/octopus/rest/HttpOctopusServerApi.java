package dev.k8sagent.adapters.octopus.rest;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.k8sagent.adapters.octopus.identity.ServerAuthorities;
import dev.k8sagent.domain.target.Thumbprint;
import dev.k8sagent.domain.version.OctopusServerVersion;
import dev.k8sagent.ports.out.MachineRegistration;
import dev.k8sagent.ports.out.NamedResource;
import dev.k8sagent.ports.out.OctopusServerApi;
import dev.k8sagent.ports.out.ResourceKind;
import dev.k8sagent.ports.out.ServerApiException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link OctopusServerApi} over Octopus Server's REST API at {@code ServerUrl}: JSON in PascalCase,
 * credentials as {@code Authorization: Bearer} (the one-time registration token) or {@code
 * X-Octopus-ApiKey}. The credential is sent and never written anywhere else; errors carry the
 * server's own {@code ErrorMessage}, and a refused token says to generate a new install command.
 */
public final class HttpOctopusServerApi implements OctopusServerApi {
  private static final Gson GSON = new Gson();

  /** How the agent proves who may register it. {@link #toString()} never shows the secret. */
  public sealed interface Credential {
    record BearerToken(String token) implements Credential {
      @Override
      public String toString() {
        return "BearerToken[***]";
      }
    }

    record ApiKey(String key) implements Credential {
      @Override
      public String toString() {
        return "ApiKey[***]";
      }
    }
  }

  private final URI serverUrl;
  private final Credential credential;
  private final HttpClient http;
  private final Duration timeout;

  public HttpOctopusServerApi(
      URI serverUrl, Credential credential, HttpClient http, Duration timeout) {
    String base = serverUrl.toString().replaceAll("/+$", "");
    this.serverUrl = URI.create(base);
    this.credential = credential;
    this.http = http;
    this.timeout = timeout;
  }

  @Override
  public OctopusServerVersion serverVersion() {
    JsonObject root = get("/api").getAsJsonObject();
    return OctopusServerVersion.parse(text(root, "Version"));
  }

  @Override
  public Thumbprint serverThumbprint() {
    JsonElement certificate;
    try {
      certificate = get("/api/configuration/certificates/certificate-global");
    } catch (ServerApiException e) {
      if (e.status() != 404) {
        throw e;
      }
      certificate = get("/api/certificates/certificate-global"); // servers before 2020
    }
    return new Thumbprint(
        text(certificate.getAsJsonObject(), "Thumbprint").toUpperCase(java.util.Locale.ROOT));
  }

  @Override
  public List<NamedResource> spaces() {
    return resources(get("/api/spaces/all"));
  }

  @Override
  public List<NamedResource> list(ResourceKind kind, String spaceId) {
    String space = "/api/" + encode(spaceId);
    return switch (kind) {
      case ENVIRONMENT -> resources(get(space + "/environments/all"));
      case TENANT -> resources(get(space + "/tenants/all"));
      case MACHINE_POLICY -> resources(get(space + "/machinepolicies/all"));
      case TENANT_TAG -> {
        List<NamedResource> tags = new ArrayList<>();
        for (JsonElement set : get(space + "/tagsets/all").getAsJsonArray()) {
          JsonArray members = set.getAsJsonObject().getAsJsonArray("Tags");
          if (members != null) {
            for (JsonElement tag : members) {
              String canonical = text(tag.getAsJsonObject(), "CanonicalTagName");
              tags.add(new NamedResource(canonical, canonical));
            }
          }
        }
        yield tags;
      }
    };
  }

  @Override
  public Optional<NamedResource> findMachine(String spaceId, String name) {
    JsonObject page =
        get("/api/" + encode(spaceId) + "/machines?partialName=" + encode(name) + "&take=100")
            .getAsJsonObject();
    return resources(page.get("Items")).stream().filter(m -> m.name().equals(name)).findFirst();
  }

  @Override
  public NamedResource registerMachine(String spaceId, MachineRegistration registration) {
    JsonObject configuration = new JsonObject();
    configuration.addProperty("CommunicationMode", "Polling");
    configuration.addProperty("Thumbprint", registration.agentThumbprint().hex());
    configuration.addProperty("Uri", registration.subscriptionId().uri());
    JsonObject endpoint = new JsonObject();
    endpoint.addProperty("CommunicationStyle", "KubernetesTentacle");
    endpoint.add("TentacleEndpointConfiguration", configuration);
    endpoint.add(
        "DefaultNamespace",
        registration
            .defaultNamespace()
            .map(n -> (JsonElement) GSON.toJsonTree(n.value()))
            .orElse(JsonNull.INSTANCE));
    endpoint.addProperty("UpgradeLocked", false);
    endpoint.add("KubernetesAgentDetails", JsonNull.INSTANCE);
    JsonObject machine = new JsonObject();
    machine.addProperty("Name", registration.name());
    machine.add("EnvironmentIds", GSON.toJsonTree(registration.environmentIds()));
    machine.add("Roles", GSON.toJsonTree(registration.roles()));
    machine.add("TenantIds", GSON.toJsonTree(registration.tenantIds()));
    machine.add("TenantTags", GSON.toJsonTree(registration.tenantTags()));
    machine.addProperty("TenantedDeploymentParticipation", registration.participation().wireName());
    machine.add(
        "MachinePolicyId",
        registration
            .machinePolicyId()
            .map(id -> (JsonElement) GSON.toJsonTree(id))
            .orElse(JsonNull.INSTANCE));
    machine.addProperty("IsDisabled", false);
    machine.add("Endpoint", endpoint);
    JsonObject created =
        send("POST", "/api/" + encode(spaceId) + "/machines", GSON.toJson(machine))
            .getAsJsonObject();
    return new NamedResource(text(created, "Id"), text(created, "Name"));
  }

  private JsonElement get(String path) {
    return send("GET", path, null);
  }

  private JsonElement send(String method, String path, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(serverUrl + path))
            .timeout(timeout)
            .header("Accept", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (credential instanceof Credential.BearerToken bearer) {
      request.header("Authorization", "Bearer " + bearer.token());
    } else if (credential instanceof Credential.ApiKey key) {
      request.header("X-Octopus-ApiKey", key.key());
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (javax.net.ssl.SSLHandshakeException e) {
      throw new ServerApiException(
          0,
          "Cannot reach Octopus Server at "
              + serverUrl
              + ": the TLS handshake failed ("
              + e.getMessage()
              + "); "
              + ServerAuthorities.HOW_TO_TRUST);
    } catch (IOException e) {
      throw new ServerApiException(
          0, "Cannot reach Octopus Server at " + serverUrl + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServerApiException(0, "Interrupted calling Octopus Server at " + serverUrl);
    }
    if (response.statusCode() >= 300) {
      throw new ServerApiException(response.statusCode(), explain(method, path, response));
    }
    try {
      return JsonParser.parseString(response.body());
    } catch (JsonParseException e) {
      throw new ServerApiException(
          response.statusCode(),
          "Octopus Server at "
              + serverUrl
              + " answered "
              + method
              + " "
              + path
              + " with something"
              + " that is not JSON; is ServerUrl the server's web address?");
    }
  }

  private String explain(String method, String path, HttpResponse<String> response) {
    String serverSays = "";
    try {
      JsonObject error = JsonParser.parseString(response.body()).getAsJsonObject();
      if (error.has("ErrorMessage")) {
        serverSays = error.get("ErrorMessage").getAsString();
        if (error.has("Errors") && error.get("Errors").isJsonArray()) {
          for (JsonElement detail : error.getAsJsonArray("Errors")) {
            serverSays += " " + detail.getAsString();
          }
        }
      }
    } catch (RuntimeException ignored) {
      // not an Octopus error document
    }
    if (response.statusCode() == 401) {
      return credential instanceof Credential.BearerToken
          ? "Octopus Server refused the registration token (it lasts about an hour and may have"
              + " expired): generate a new install command in Octopus and run it again"
          : "Octopus Server refused the API key (ServerApiKey): check it is valid and not expired";
    }
    if (response.statusCode() == 403) {
      return "The credentials may not " + method + " " + path + ": " + serverSays;
    }
    return "Octopus Server answered "
        + method
        + " "
        + path
        + " with HTTP "
        + response.statusCode()
        + (serverSays.isBlank() ? "" : ": " + serverSays.trim());
  }

  private static List<NamedResource> resources(JsonElement array) {
    List<NamedResource> out = new ArrayList<>();
    if (array != null && array.isJsonArray()) {
      for (JsonElement element : array.getAsJsonArray()) {
        JsonObject object = element.getAsJsonObject();
        out.add(new NamedResource(text(object, "Id"), text(object, "Name")));
      }
    }
    return out;
  }

  private static String text(JsonObject object, String member) {
    JsonElement value = object.get(member);
    if (value == null || value.isJsonNull()) {
      throw new ServerApiException(0, "Octopus Server's answer has no " + member);
    }
    return value.getAsString();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "HttpOctopusServerApi[" + serverUrl + ", " + credential + "]";
  }
}
