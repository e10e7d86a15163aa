package dev.k8sagent.adapters.k8s.pods;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.k8sagent.adapters.k8s.ApiCalls;
import dev.k8sagent.domain.image.ImagePullCredentials;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Image pull secrets made from a step's feed credentials, so a script pod can pull a step's image
 * from a private registry. One {@code kubernetes.io/dockerconfigjson} Secret per feed and user,
 * written when first needed and again only when the credentials change. Errors name the feed, never
 * the credentials.
 */
final class FeedPullSecrets {
  /** Past this many remembered secrets the memory is dropped; the next use writes again. */
  static final int REMEMBERED = 1024;

  private static final Gson JSON = new GsonBuilder().disableHtmlEscaping().create();

  private final CoreV1Api api;
  private final ApiCalls calls;
  private final String namespace;
  private final String releaseName;
  private final Map<String, String> labels;
  private final Map<String, String> writtenFingerprints = new ConcurrentHashMap<>();

  FeedPullSecrets(CoreV1Api api, ApiCalls calls, String namespace, String releaseName) {
    this.api = api;
    this.calls = calls;
    this.namespace = namespace;
    this.releaseName = releaseName;
    this.labels = PodNames.ownerLabels(releaseName);
  }

  /**
   * The name of the pull secret holding {@code credentials}, written to the cluster if it is not
   * there yet or holds other credentials.
   */
  String ensure(ImagePullCredentials credentials) {
    String config = dockerConfig(credentials);
    String fingerprint = PodNames.sha1(config);
    String name = nameOf(releaseName, fingerprint);
    if (fingerprint.equals(writtenFingerprints.get(name))) {
      return name;
    }
    V1Secret secret =
        new V1Secret()
            .apiVersion("v1")
            .kind("Secret")
            .type("kubernetes.io/dockerconfigjson")
            .metadata(new V1ObjectMeta().name(name).namespace(namespace).labels(labels))
            .data(Map.of(".dockerconfigjson", config.getBytes(StandardCharsets.UTF_8)));
    try {
      write(name, secret);
    } catch (ApiException e) {
      throw new IllegalStateException(
          "Cannot store the pull secret for feed "
              + credentials.feedUrl()
              + ": "
              + ApiCalls.explain(e),
          e);
    }
    if (writtenFingerprints.size() >= REMEMBERED) {
      writtenFingerprints.clear();
    }
    writtenFingerprints.put(name, fingerprint);
    return name;
  }

  /**
   * The secret's name: this release and the whole content (feed, user and password) give it, so a
   * name always holds the same content. The agent then only ever creates pull secrets, never
   * replaces one (its Role needs no {@code update} on other Secrets), two releases never write the
   * same Secret, and nobody can guess a name without knowing the password. Changed credentials get
   * a new Secret; the old one is left for the uninstall command.
   */
  static String nameOf(String releaseName, String contentFingerprint) {
    return "octopus-feed-"
        + PodNames.sha1(releaseName + "\n" + contentFingerprint).substring(0, 24);
  }

  /** The registry host (and port) a feed URL names, as a docker config keys it. */
  static String registry(String feedUrl) {
    try {
      URI uri = URI.create(feedUrl.contains("://") ? feedUrl : "https://" + feedUrl);
      if (uri.getHost() != null) {
        return uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
      }
    } catch (IllegalArgumentException ignored) {
      // not a URL: use it as it is
    }
    return feedUrl;
  }

  private static String dockerConfig(ImagePullCredentials credentials) {
    String auth =
        Base64.getEncoder()
            .encodeToString(
                (credentials.username() + ":" + credentials.password())
                    .getBytes(StandardCharsets.UTF_8));
    JsonObject entry = new JsonObject();
    entry.addProperty("username", credentials.username());
    entry.addProperty("password", credentials.password());
    entry.addProperty("auth", auth);
    JsonObject auths = new JsonObject();
    auths.add(registry(credentials.feedUrl()), entry);
    JsonObject document = new JsonObject();
    document.add("auths", auths);
    return JSON.toJson(document);
  }

  private void write(String name, V1Secret secret) throws ApiException {
    try {
      calls.call(
          "Creating pull secret " + name,
          () -> api.createNamespacedSecret(namespace, secret).execute());
    } catch (ApiException e) {
      // 409: the same release already wrote this very content (the name is derived from it)
      if (e.getCode() != 409) {
        throw e;
      }
    }
  }
}
