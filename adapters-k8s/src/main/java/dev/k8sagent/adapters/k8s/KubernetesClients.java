package dev.k8sagent.adapters.k8s;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1PodList;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The two API clients the agent uses: one with a read timeout for ordinary calls, one without for
 * watches. Inside a cluster ({@code KUBERNETES_SERVICE_HOST} set) they use the pod's service
 * account; outside, the kubeconfig at {@code kubeconfig}, else {@code $KUBECONFIG}, else {@code
 * ~/.kube/config}. Both read responses tolerantly ({@link TolerantJson}).
 */
public record KubernetesClients(ApiClient client, ApiClient watchClient) {
  public static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Builds the clients for where the agent runs.
   *
   * @throws IllegalStateException naming what is missing when neither a service account nor a
   *     kubeconfig can be found
   */
  public static KubernetesClients fromEnvironment(
      Map<String, String> environment, Optional<Path> kubeconfig) {
    TolerantJson.install();
    try {
      if (environment.containsKey("KUBERNETES_SERVICE_HOST")) {
        return new KubernetesClients(
            ClientBuilder.cluster().setReadTimeout(READ_TIMEOUT).build(),
            ClientBuilder.cluster().setReadTimeout(Duration.ZERO).build());
      }
      Path file =
          kubeconfig
              .or(() -> Optional.ofNullable(environment.get("KUBECONFIG")).map(Path::of))
              .orElseGet(() -> Path.of(System.getProperty("user.home"), ".kube", "config"));
      if (!Files.isRegularFile(file)) {
        throw new IllegalStateException(
            "Not running in a cluster (KUBERNETES_SERVICE_HOST is not set) and there is no"
                + " kubeconfig at "
                + file
                + "; set KUBECONFIG or the agent's kubeconfig setting");
      }
      return new KubernetesClients(build(file, READ_TIMEOUT), build(file, Duration.ZERO));
    } catch (IOException e) {
      throw new IllegalStateException(
          "Cannot set up the Kubernetes API client: " + e.getMessage(), e);
    }
  }

  /**
   * Loads and initialises what building the clients and reading their first answers need
   * (client-java's JSON tables, OkHttp, the JDK's trust store), so a start can have it done on
   * another thread while it does something else. Connects to nothing and reads no configuration.
   *
   * <p>That includes the JSON readers of a pod list and a Secret: a start lists its pods on two
   * threads at once (picking tasks up again, and the pods' watch) and reads its state Secret, and
   * the reader is built from the models by reflection the first time it is asked for (about 50 ms
   * for a pod list). Two threads asking at once each build it; built here, while the agent is
   * wired, both find it ready.
   */
  public static void warmUp() {
    TolerantJson.install();
    new ApiClient();
    JSON.getGson().getAdapter(V1PodList.class);
    JSON.getGson().getAdapter(V1Secret.class);
  }

  private static ApiClient build(Path file, Duration readTimeout) throws IOException {
    try (Reader reader = Files.newBufferedReader(file)) {
      KubeConfig config = KubeConfig.loadKubeConfig(reader);
      config.setFile(file.toFile());
      return ClientBuilder.kubeconfig(config).setReadTimeout(readTimeout).build();
    }
  }
}
